#!/usr/bin/env python3
"""Print libvirt daemon log records the way KubeVirt's virt-launcher forwards them to its stderr.

Follows pkg/util/log LogLibvirtLogLine (go-kit JSON logger, keys sorted by encoding/json):
split on ": " into at most 5 fragments; fewer than 4 -> level info, msg = the line, time = now;
else level = fragment 2 (debug -> info), timestamp = fragment 0 reformatted as
2006-01-02T15:04:05.000000Z, thread = fragment 1, pos = fragment 3 (when it is FUNC:LINE),
msg = fragment 4, all trimmed. bufio.Scanner has already dropped a "\r" before each "\n".
usage: kubevirt_wrap.py IN MON > OUT   (only the records of one monitor: one pod is one VM)
"""
import re, sys
from datetime import datetime

def go_json_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"': out.append('\\"')
        elif ch == '\\': out.append('\\\\')
        elif ch == '\n': out.append('\\n')
        elif ch == '\r': out.append('\\r')
        elif ch == '\t': out.append('\\t')
        elif o < 0x20 or ch in '<>&' or o in (0x2028, 0x2029): out.append('\\u%04x' % o)
        else: out.append(ch)
    out.append('"')
    return ''.join(out)

def emit(kv):
    print('{' + ','.join(go_json_string(k) + ':' + go_json_string(v) for k, v in sorted(kv.items())) + '}')

src, mon = sys.argv[1], sys.argv[2].encode()
head = re.compile(rb'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[+-]\d{4}: ')
records = []
for line in open(src, 'rb').read().split(b'\n')[:-1]:
    if head.match(line) or not records:
        records.append([line])
    else:
        records[-1].append(line)
mine = [r for r in records if b'mon=' + mon + b' ' in r[0] or r[0].endswith(b'mon=' + mon)]
keep = []
for i, r in enumerate(mine):
    t = r[0]
    if (b'QEMU_MONITOR_NEW' in t or b'QEMU_MONITOR_CLOSE' in t or b'/monitor.sock' in t):
        keep.append(i)
    elif b'QEMU_MONITOR_RECV_EVENT' in t:
        keep.extend(j for j in (i - 1, i, i + 1) if 0 <= j < len(mine))
last_time = None
for i in sorted(set(keep)):
    for raw in mine[i]:
        line = raw.rstrip(b'\r').decode('utf-8', 'replace')
        if not line.strip():
            continue
        frags = line.split(': ', 4)
        if len(frags) < 4:
            emit({'level': 'info', 'timestamp': last_time, 'component': 'virt-launcher',
                  'subcomponent': 'libvirt', 'msg': line})
            continue
        severity = frags[2].strip().lower()
        if severity == 'debug':
            severity = 'info'
        t = datetime.strptime(frags[0].strip(), '%Y-%m-%d %H:%M:%S.%f%z')
        last_time = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%06dZ' % t.microsecond
        pos = frags[3].strip()
        kv = {'level': severity, 'timestamp': last_time, 'component': 'virt-launcher',
              'subcomponent': 'libvirt', 'thread': frags[1].strip(), 'msg': frags[4].strip() if len(frags) > 4 else ''}
        p = pos.split(':')
        if len(p) == 2 and p[1].isdigit():
            kv['pos'] = pos
        else:
            kv['msg'] = (frags[3] + ': ' + kv['msg']).strip()
        emit(kv)
