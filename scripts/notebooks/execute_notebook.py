"""Execute one notebook on a Jupyter kernel, cell by cell, and report the first failure.

Run with Debian's Python (the one that has nbclient):

    /usr/bin/python3 execute_notebook.py NOTEBOOK OUTPUT_IPYNB --cwd DIR --kernel tslab --cell-timeout 300

It prints one JSON object on stdout:
    {"ok": bool, "cells": [{"index", "status", "seconds"}], "error": {"cellIndex", "text"} | null,
     "kernelStartSeconds": float}

Why not `jupyter nbconvert --execute`: tslab reports a thrown error as stderr text with the
execute reply's status set to "error" and no error output, so nbconvert exits 1 with an empty
message. Here the reply status is read through nbclient's `on_cell_executed` hook, and the
error text is taken from the cell's stderr and error outputs. Execution stops at the first
failed cell (tslab aborts cells queued after a failure anyway). The executed copy is always
written, also after a failure, for inspection.
"""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError


def error_text(cell, reply_content):
    """The human-readable error of a failed cell: error outputs first, then stderr text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename', 'Error')}: {out.get('evalue', '')}")
            parts.extend(out.get("traceback", []))
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    if reply_content and reply_content.get("ename") and not parts:
        parts.append(f"{reply_content.get('ename')}: {reply_content.get('evalue', '')}")
    return "\n".join(p for p in parts if p).strip() or "(the kernel reported an error with no message)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("output")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--kernel", default="tslab")
    parser.add_argument("--cell-timeout", type=int, default=300)
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    replies = {}

    def on_cell_executed(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply

    client = NotebookClient(
        nb,
        timeout=args.cell_timeout,
        kernel_name=args.kernel,
        allow_errors=True,
        resources={"metadata": {"path": args.cwd}},
        on_cell_executed=on_cell_executed,
    )
    report = {"ok": True, "cells": [], "error": None, "kernelStartSeconds": None}
    try:
        started = time.time()
        with client.setup_kernel():
            report["kernelStartSeconds"] = round(time.time() - started, 3)
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                t0 = time.time()
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    report["error"] = {"cellIndex": index, "text": f"cell timed out after {args.cell_timeout} s"}
                except DeadKernelError as exc:
                    report["error"] = {"cellIndex": index, "text": f"the kernel died: {exc}"}
                seconds = round(time.time() - t0, 3)
                reply = replies.get(index)
                content = reply.get("content", {}) if reply else {}
                has_error_output = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
                status = "error" if report["error"] or content.get("status") == "error" or has_error_output else "ok"
                report["cells"].append({"index": index, "status": status, "seconds": seconds})
                if status == "error":
                    if report["error"] is None:
                        report["error"] = {"cellIndex": index, "text": error_text(cell, content)}
                    report["ok"] = False
                    break
    except Exception as exc:  # kernel failed to start, or the client itself broke
        report["ok"] = False
        report["error"] = report["error"] or {"cellIndex": None, "text": f"{type(exc).__name__}: {exc}"}
    finally:
        nbformat.write(nb, args.output)
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
