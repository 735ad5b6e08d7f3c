;; The vector index's scoring kernel (lib/cache/dot_kernel.ts), built into lib/cache/dot_kernel_wasm.ts by
;; `deno run -A tools/dot-kernel/build.ts`.
;;
;; scan(vecs, n, q, dim, out): out[i] = vecs[i] . q for i < n (f32 rows of dim floats, dim a multiple of 4, f64 out).
;; Products of two f32 are exact in f64; they are summed in four f64 lanes by dimension mod 4 and the lanes added
;; ((s0 + s1) + s2) + s3, the arithmetic of the JS dot in lib/cache/vector_index.ts, so scores are bit-identical.
(module
  (import "env" "memory" (memory 1))
  (func (export "scan") (param $vecs i32) (param $n i32) (param $q i32) (param $dim i32) (param $out i32)
    (local $i i32) (local $d i32) (local $p i32) (local $end i32) (local $a01 v128) (local $a23 v128) (local $v v128) (local $w v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a01 (v128.const i64x2 0 0))
        (local.set $a23 (v128.const i64x2 0 0))
        (local.set $d (i32.const 0))
        (local.set $p (local.get $vecs))
        (block $rowdone
          (loop $dims
            (br_if $rowdone (i32.ge_u (local.get $d) (local.get $dim)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $w (v128.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))
            (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $v)) (f64x2.promote_low_f32x4 (local.get $w)))))
            (local.set $a23 (f64x2.add (local.get $a23) (f64x2.mul
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $dims)))
        (local.set $vecs (local.get $p))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64.add (f64.add (f64x2.extract_lane 0 (local.get $a01)) (f64x2.extract_lane 1 (local.get $a01)))
            (f64x2.extract_lane 0 (local.get $a23))) (f64x2.extract_lane 1 (local.get $a23))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
