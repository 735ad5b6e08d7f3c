#!/usr/bin/env python3
"""Make onnx/model_quantized.onnx (transformers.js dtype "q8") from onnx/model.onnx.

onnxruntime's Python quantizer is not packaged for Debian, so this rewrites the
graph with the `onnx` package directly, producing what its dynamic quantization
produces:
- every MatMul whose right side is a weight, MatMul(X, Transpose(W)), becomes
  DynamicQuantizeLinear(X) -> MatMulInteger(Xq, Wq) -> Cast -> Mul(x_scale * w_scale),
  with Wq int8, symmetric, one scale per output column (onnxruntime fuses this
  chain into its DynamicQuantizeMatMul kernel);
- the token-embedding Gather reads an int8 table and rescales only the gathered
  rows, so no full-table dequantization runs per step.
Activations, layer norms, biases and the position table stay fp32.

Usage: quantize.py [--model ../../models/story-gpt2]
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from export import DEFAULT_OUT


def quantize_rows(w):
    """Symmetric int8 per row of w [rows, cols]: returns (int8 values, float32 scales [rows])."""
    scale = np.abs(w).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=DEFAULT_OUT)
    args = ap.parse_args()
    src = os.path.join(args.model, "onnx", "model.onnx")
    dst = os.path.join(args.model, "onnx", "model_quantized.onnx")
    model = onnx.load(src)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    new_inits = []
    remove_nodes = set()
    replaced = {}  # MatMul node name -> replacement nodes
    quantized_rows = {}  # weight name -> (q [rows, cols], scale [rows])

    def rows_of(name):
        if name not in quantized_rows:
            quantized_rows[name] = quantize_rows(numpy_helper.to_array(inits[name]).astype(np.float32))
        return quantized_rows[name]

    for node in g.node:
        if node.op_type != "MatMul":
            continue
        t = producer.get(node.input[1])
        if t is None or t.op_type != "Transpose" or t.input[0] not in inits:
            continue
        w_name = t.input[0]
        q, scale = rows_of(w_name)  # W is [out, in]; the MatMul uses W^T [in, out], so rows become columns
        base = node.name.strip("/").replace("/", "_")
        bq = base + "_Wq"
        bs = base + "_Wscale"
        bz = base + "_Wzp"
        new_inits += [
            numpy_helper.from_array(np.ascontiguousarray(q.T), bq),
            numpy_helper.from_array(scale, bs),
            numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), bz),
        ]
        x = node.input[0]
        out = node.output[0]
        replaced[node.name] = [
            helper.make_node("DynamicQuantizeLinear", [x], [base + "_Xq", base + "_Xs", base + "_Xzp"],
                             name=base + "_DynamicQuantizeLinear"),
            helper.make_node("MatMulInteger", [base + "_Xq", bq, base + "_Xzp", bz], [base + "_Yi"],
                             name=base + "_MatMulInteger"),
            helper.make_node("Cast", [base + "_Yi"], [base + "_Yf"], to=TensorProto.FLOAT, name=base + "_Cast"),
            helper.make_node("Mul", [base + "_Xs", bs], [base + "_S"], name=base + "_ScaleMul"),
            helper.make_node("Mul", [base + "_Yf", base + "_S"], [out], name=base + "_OutMul"),
        ]
        remove_nodes.add(t.name)

    # Token embedding: int8 rows + per-row scale, dequantized after the Gather.
    for node in g.node:
        if node.op_type == "Gather" and node.input[0] in inits and inits[node.input[0]].dims[0] > 1024:
            w_name = node.input[0]
            q, scale = rows_of(w_name)
            base = node.name.strip("/").replace("/", "_")
            new_inits += [numpy_helper.from_array(q, base + "_Eq"), numpy_helper.from_array(scale, base + "_Escale")]
            ids = node.input[1]
            out = node.output[0]
            axes = base + "_axes"
            new_inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), axes))
            replaced[node.name] = [
                helper.make_node("Gather", [base + "_Eq", ids], [base + "_Rq"], name=base + "_GatherQ"),
                helper.make_node("Gather", [base + "_Escale", ids], [base + "_Rs"], name=base + "_GatherScale"),
                helper.make_node("Cast", [base + "_Rq"], [base + "_Rf"], to=TensorProto.FLOAT, name=base + "_Cast"),
                helper.make_node("Unsqueeze", [base + "_Rs", axes], [base + "_Rs2"], name=base + "_Unsqueeze"),
                helper.make_node("Mul", [base + "_Rf", base + "_Rs2"], [out], name=base + "_Mul"),
            ]

    nodes = []
    for node in g.node:
        if node.name in remove_nodes:
            continue
        nodes.extend(replaced.get(node.name, [node]))
    used = {i for n in nodes for i in n.input}
    keep_inits = [i for i in g.initializer if i.name in used]
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(keep_inits + new_inits)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    print("quantized %d MatMuls and %d embedding(s): %s (%.1f MB, from %.1f MB)" % (
        sum(1 for v in replaced.values() if v[0].op_type == "DynamicQuantizeLinear"),
        sum(1 for v in replaced.values() if v[0].op_type == "Gather"),
        dst, os.path.getsize(dst) / 1e6, os.path.getsize(src) / 1e6))


if __name__ == "__main__":
    main()
