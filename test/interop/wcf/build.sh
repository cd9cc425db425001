#!/bin/sh
# Builds the WCF interop fixture into bin/CtipsFixture.exe and the agent desktop
# (client/) into bin/CtipsClient.exe with Mono's mcs.
# Idempotent: does nothing when a binary is newer than every source it is built from.
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
else
  mcs -nologo -debug- -optimize+ -target:exe -out:"$out" \
    -r:System.ServiceModel -r:System.Runtime.Serialization -r:System.Xml \
    -r:System.Web.Services -r:System.Web.Extensions -r:Mono.Posix \
    ctips/*.cs
  echo "build.sh: built $out"
fi
# The agent desktop (client/README.md): its own sources plus the fixture's wire contract.
client=bin/CtipsClient.exe
if [ -f "$client" ] && [ -z "$(find client ctips/Contracts.cs -name '*.cs' -newer "$client")" ] && [ "$client" -nt build.sh ]; then
  echo "build.sh: $client is up to date"
else
  mcs -nologo -debug- -optimize+ -target:exe -out:"$client" \
    -r:System.ServiceModel -r:System.Runtime.Serialization -r:Mono.Posix \
    client/*.cs ctips/Contracts.cs
  echo "build.sh: built $client"
fi
