#!/usr/bin/env python3
"""Cut a libvirt daemon log down to the records a fixture needs, keeping every kept record whole.

A record is a line starting with a timestamp plus the continuation lines that follow it (a
command's "\r\n" splits its record in two physical lines). Records are copied byte for byte.
usage: trim.py IN OUT CONTEXT_BEFORE CONTEXT_AFTER
"""
import re, sys
src, dst, before, after = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
head = re.compile(rb'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[+-]\d{4}: ')
records = []
for line in open(src, 'rb').read().split(b'\n')[:-1]:
    if head.match(line) or not records:
        records.append([line])
    else:
        records[-1].append(line)
keep = set(range(12))                     # daemon start-up: version, hostname, multi-line errors
need_name = set()
for i, r in enumerate(records):
    text = r[0]
    if b'QEMU_MONITOR_NEW: ' in text or b'QEMU_MONITOR_CLOSE: ' in text:
        keep.add(i)
        if b'NEW' in text:
            need_name.add(re.search(rb'mon=(0x[0-9a-f]+)', text).group(1))
    elif b'/monitor.sock' in text and b'QEMU_MONITOR_RECV_REPLY' in text:
        keep.add(i)
    elif b'QEMU_MONITOR_RECV_EVENT: ' in text:
        for j in range(max(0, i - before), min(len(records), i + after + 1)):
            if sum(len(l) for l in records[j]) < 4096:
                keep.add(j)
    elif b'Entering monitor (mon=' in text:
        mon = re.search(rb'mon=(0x[0-9a-f]+)', text).group(1)
        if mon in need_name:              # the first one after each monitor opens
            need_name.discard(mon)
            keep.add(i)
with open(dst, 'wb') as out:
    for i in sorted(keep):
        for line in records[i]:
            out.write(line + b'\n')
print(dst, len(keep), 'of', len(records), 'records')
