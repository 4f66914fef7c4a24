#!/bin/sh
# tcpdump runs this (its -z option) when a capture file passes its -C size: the capture stops
# there, keeping the file that filled (the start of the pair's traffic); the harness drops the
# file tcpdump opened next and marks the capture as cut.
kill -INT "$PPID"
