#!/bin/sh
# ctips-kit trigger "inbound-call" for the WCF fixture; see control.py and ../README.md.
exec python3 "$(dirname "$0")/control.py" inbound-call
