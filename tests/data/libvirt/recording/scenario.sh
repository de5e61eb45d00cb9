#!/bin/bash
# One recording pass: virsh monitors, three domains, events with and without data, monitor reuse.
set -x
V="virsh -c qemu:///system"
OUT=$1
W2="web 'ü' 02"
if [ -n "$OUT" ]; then
  $V qemu-monitor-event --loop > $OUT/virsh-plain.txt 2>$OUT/virsh-plain.err & P1=$!
  $V qemu-monitor-event --loop --timestamp > $OUT/virsh-timestamp.txt 2>$OUT/virsh-timestamp.err & P2=$!
  $V qemu-monitor-event --loop --domain "$W2" > $OUT/virsh-domain.txt 2>$OUT/virsh-domain.err & P3=$!
  $V qemu-monitor-event --loop --pretty > $OUT/virsh-pretty.txt 2>$OUT/virsh-pretty.err & P4=$!
  sleep 1
fi
$V start web01; $V start db01; $V start "$W2"
sleep 1
$V suspend web01; sleep 0.3; $V resume web01
$V reset db01
$V attach-device "$W2" tablet.xml --live; sleep 0.5; $V detach-device "$W2" tablet.xml --live
$V setmem db01 48M --live
$V qemu-monitor-command web01 '{"execute":"device_add","arguments":{"driver":"usb-kbd","id":"kbd9"}}'
$V qemu-monitor-command web01 '{"execute":"device_del","arguments":{"id":"kbd9"}}'
$V qemu-monitor-command "$W2" '{"execute":"stop"}'
$V qemu-monitor-command "$W2" '{"execute":"cont"}'
$V shutdown web01; sleep 0.5
$V destroy web01
$V destroy db01
# restart cycles so a later domain may get a freed monitor address
for i in 1 2 3; do
  $V start db01; $V suspend db01; $V resume db01; $V destroy db01
  $V start web01; $V reset web01; $V destroy web01
done
# alternate names with nothing in between, so the allocator hands a freed monitor to another domain
for i in 1 2 3; do
  $V start db01; $V destroy db01; $V start web01; $V destroy web01
done
$V reset "$W2"
$V destroy "$W2"
sleep 1
if [ -n "$OUT" ]; then kill -INT $P1 $P2 $P3 $P4; wait; fi
