/** Assembles the kernel's text with wabt (used by the build script and by the test that the bytes are current). */
import wabt from "wabt";

/** The WebAssembly binary of tools/dot-kernel/dot.wat. */
export async function assembleDotKernel(): Promise<Uint8Array> {
  const source = await Deno.readTextFile(new URL("./dot.wat", import.meta.url));
  const module = (await wabt()).parseWat("dot.wat", source, { simd: true });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
