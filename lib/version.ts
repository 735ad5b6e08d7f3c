/**
 * The one version constant: `ailb --version`, `/api/status` and the
 * `ailb_build_info` metric all read it.
 *
 * @module
 */

/** ailb's version (semver). */
export const VERSION = "0.1.0";
