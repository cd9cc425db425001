#!/bin/sh
# ctips-kit trigger "link" for the WCF fixture; see control.py and ../README.md.
exec python3 "$(dirname "$0")/control.py" link
