#!/bin/sh
# Builds the WCF interop fixture into bin/CtipsFixture.exe with Mono's mcs.
# Idempotent: does nothing when the binary is newer than every source.
set -eu
case "$0" in */*) cd "${0%/*}" ;; esac
for tool in mcs mono; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: '$tool' not found; install Mono (Debian: apt-get install mono-devel)" >&2
    exit 1
  fi
done
out=bin/CtipsFixture.exe
mkdir -p bin
if [ -f "$out" ] && [ -z "$(find ctips -name '*.cs' -newer "$out")" ] && [ "$out" -nt build.sh ]; then
  echo "build.sh: $out is up to date"
  exit 0
fi
mcs -nologo -debug- -optimize+ -target:exe -out:"$out" \
  -r:System.ServiceModel -r:System.Runtime.Serialization -r:System.Xml \
  -r:System.Web.Services -r:System.Web.Extensions -r:Mono.Posix \
  ctips/*.cs
echo "build.sh: built $out"
