#!/usr/bin/env python3
"""Seed corpus of test/fuzz/ipc4_fuzz.c: valid IPC4 requests of every type
Sotto takes, and sequences of them (a pipeline built and started, a blob sent
in fragments), written with tools/ipc4.py.

    ipc4_corpus.py OUTDIR

One file per input, each a list of records
primary (u32 LE) | extension (u32 LE) | payload length (u16 LE) | payload.
Prints how many files it wrote.
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ipc4 as I  # noqa: E402

M = I.MODULES


def record(primary, ext, payload=b""):
    return struct.pack("<IIH", primary, ext, len(payload)) + payload


def single_messages():
    """name -> (primary, ext, payload): one valid request of every kind."""
    tone_cfg = struct.pack("<IiIIII", 1000000, -600, 3, 2, 2, 48000)
    return {
        "create_pipeline": I.create_pipeline(0, 0, 2) + (b"",),
        "create_pipeline_lp": I.create_pipeline(31, 7, 0x7FF, 0, True, 0x1234) + (b"",),
        "delete_pipeline": I.delete_pipeline(1) + (b"",),
        "set_pipeline_state_reset": I.set_pipeline_state(0, I.PplState.RESET) + (b"",),
        "set_pipeline_state_paused": I.set_pipeline_state(2, I.PplState.PAUSED) + (b"",),
        "set_pipeline_state_running": I.set_pipeline_state(3, I.PplState.RUNNING) + (b"",),
        "set_pipeline_state_eos": I.set_pipeline_state(4, I.PplState.EOS) + (b"",),
        "set_pipelines_state": I.set_pipelines_state(I.PplState.RUNNING, True) +
        (I.ppl_list([0, 1, 2]),),
        "get_pipeline_state": I.get_pipeline_state(5) + (b"",),
        "load_library": I.load_library(1, 1, 0x1000) + (b"",),
        "init_instance_tone": I.init_instance(M["tone"], 0, 0, 0, False, len(tone_cfg) // 4) +
        (tone_cfg,),
        "init_instance_src_dp": I.init_instance(M["src"], 1, 0, 0, True, 1) +
        (struct.pack("<I", 44100),),
        "init_instance_empty": I.init_instance(M["mixer"], 0, 0) + (b"",),
        "large_config_get": I.large_config_get(M["volume"], 0, 4096) + (b"",),
        "large_config_get_more": I.large_config_get(M["volume"], 0, 64, init=False) + (b"",),
        "large_config_set": I.large_config_set(M["tone"], 0, len(tone_cfg)) + (tone_cfg,),
        "bind": I.bind(M["tone"], 0, 0, M["volume"], 0, 0) + (b"",),
        "unbind": I.bind(M["volume"], 0, 0, M["dai_out"], 0, 0, unbind=True) + (b"",),
        "delete_instance": I.delete_instance(M["volume"], 0) + (b"",),
    }


def sequences():
    """name -> [(primary, ext, payload), ...]: requests in a meaningful order."""
    vol_cfg = struct.pack("<8iII", *([-600] * 8), 0, 480)
    eq_blob = bytes(range(256)) * 2
    build = [
        I.create_pipeline(0, 0) + (b"",),
        I.init_instance(M["tone"], 0, 0) + (b"",),
        I.init_instance(M["volume"], 0, 0, param_dwords=len(vol_cfg) // 4) + (vol_cfg,),
        I.init_instance(M["dai_out"], 0, 0, param_dwords=4) + (bytes(16),),
        I.bind(M["tone"], 0, 0, M["volume"], 0, 0) + (b"",),
        I.bind(M["volume"], 0, 0, M["dai_out"], 0, 0) + (b"",),
        I.set_pipeline_state(0, I.PplState.PAUSED) + (b"",),
        I.set_pipeline_state(0, I.PplState.RUNNING) + (b"",),
        I.get_pipeline_state(0) + (b"",),
        I.set_pipeline_state(0, I.PplState.RESET) + (b"",),
        I.delete_pipeline(0) + (b"",),
    ]
    frags = I.large_config_fragments(M["eq_iir"], 0, eq_blob, 200, param_id=1)
    interleaved = frags[:1] + [I.large_config_set(M["volume"], 0, 400, 1, False, False) +
                               (bytes(8),)] + frags[1:]
    restart = frags[:2] + I.large_config_fragments(M["eq_iir"], 0, eq_blob[:40], 16)
    return {"build_and_run": build, "fragments": frags, "fragments_interleaved": interleaved,
            "fragments_restart": restart}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    out = argv[0]
    os.makedirs(out, exist_ok=True)
    files = {name: [msg] for name, msg in single_messages().items()}
    files.update(sequences())
    for name, msgs in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b"".join(record(*m) for m in msgs))
    print("ipc4_corpus: %d files in %s" % (len(files), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
