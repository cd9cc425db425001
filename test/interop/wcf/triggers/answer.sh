#!/bin/sh
# ctips-kit trigger "answer" for the WCF fixture; see control.py and ../README.md.
exec python3 "$(dirname "$0")/control.py" answer
