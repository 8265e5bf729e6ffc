#!/usr/bin/env python3
"""tide's test runner: `make test` calls this after building everything.

It runs, and counts every TAP line ("ok N - name" / "not ok N - name") of:
  host   the host unit tests of kernel/ code ($BUILD/host/test_*);
  linux  the user test programs built for this host's Linux with glibc
         ($BUILD/linux-tests/t_*): they must pass here, which shows that
         they encode Linux's semantics;
  bench  bench/smoke.sh: membench (the musl build) on this host's Linux
         with quick sizes, checking that it reports every figure;
  qemu   boots of tide in QEMU: the kernel self-tests and the same user
         test programs run by /bin/init on tide, a deliberate kernel page
         fault, and one boot of the GRUB ISO exactly as `make run` does.
The last line is "N passed, N failed"; the exit status is 0 iff none failed.
"""
import os
import re
import subprocess
import sys
import threading
import time

import experiments

BUILD = os.environ.get("BUILD", "build")
ACCEL = os.environ.get("ACCEL", "tcg")
MEM = os.environ.get("TEST_MEM", "512M")
TAP = re.compile(r"^(ok|not ok) \d+ - (.*)$")

passed = 0
failed = 0


def report(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok {passed + failed} - {name}")
    else:
        failed += 1
        print(f"not ok {passed + failed} - {name}")
        for line in detail.rstrip().splitlines()[-40:]:
            print(f"#   {line}")
    sys.stdout.flush()


def count_tap(prefix, text):
    """Reports each TAP line of text; returns how many there were."""
    n = 0
    diag = []
    for line in text.splitlines():
        line = line.rstrip("\r")
        m = TAP.match(line)
        if m:
            report(m.group(1) == "ok", f"{prefix}{m.group(2)}", "\n".join(diag))
            diag = []
            n += 1
        elif line.startswith("#"):
            diag.append(line[1:].strip())
    return n


def run_program(prefix, path, args=(), timeout=120):
    try:
        p = subprocess.run([path, *args], capture_output=True, text=True,
                           timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired as e:
        report(False, f"{prefix}finished within {timeout} s",
               (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or ""))
        return
    n = count_tap(prefix, p.stdout)
    if n == 0 or p.returncode != 0:
        report(False, f"{prefix}exit status 0 and TAP output",
               f"exit status {p.returncode}, {n} TAP lines\n{p.stdout}\n{p.stderr}")


def qemu_base():
    return ["qemu-system-x86_64", "-accel", ACCEL, "-cpu", "max", "-m", MEM, "-display", "none",
            "-nodefaults", "-no-reboot", "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]


def qemu(args, timeout, until=None, send=None):
    """Runs QEMU; returns (exit status, or None on a timeout, and output).
    With until (a regex), stops QEMU as soon as the output matches;
    with send, writes that text to the serial console first."""
    p = subprocess.Popen(qemu_base() + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = bytearray()
    done = threading.Event()

    def reader():
        while True:
            b = p.stdout.read1(4096)
            if not b:
                break
            out.extend(b)
            if until and re.search(until, out.decode(errors="replace")):
                done.set()
        done.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    if send:
        p.stdin.write(send.encode())
        p.stdin.flush()
    finished = done.wait(timeout)
    if not finished or (until and p.poll() is None):
        p.kill()  # hung, or we saw what we waited for
    try:
        status = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    if not finished:
        status = None
    t.join(5)
    return status, out.decode(errors="replace").replace("\r", "")


def count_tide_log(out):
    """Reports the TAP lines of a test boot: the kernel's self-tests, then
    each /tests program's lines between init's "# test NAME" and
    "# exit NAME STATUS" lines (a program must also exit 0)."""
    prefix = "qemu: "
    block = []
    n = 0
    for line in out.splitlines():
        m = re.match(r"^# test (\S+)$", line)
        if m:
            prefix = f"tide: {m.group(1)}: "
            block = []
            continue
        m = re.match(r"^# exit (\S+) (\d+)$", line)
        if m:
            status = int(m.group(2))
            report(status == 0, f"tide: {m.group(1)}: exits with status 0",
                   f"wait status {status}\n" + "\n".join(block[-30:]))
            prefix = "qemu: "
            n += 1
            continue
        block.append(line)
        n += count_tap(prefix, line)
    return n


def qemu_kernel_tests():
    kernel = f"{BUILD}/tide.elf"
    initrd = f"{BUILD}/initrd.cpio"
    args = ["-kernel", kernel, "-append", "test check", "-initrd", initrd]
    status, out = qemu(args, timeout=900)
    n = count_tide_log(out)
    # init reports through reboot(RESTART2, "exit=N") -> isa-debug-exit:
    # QEMU's status is (N << 1) | 1, so 1 means every program passed.
    report(status == 1 and n > 0 and "# tests done" in out,
           "qemu: the test boot runs every /tests program and all pass",
           f"QEMU exit status {status}, {n} TAP lines\n{out[-3000:]}")


def qemu_crash_report():
    status, out = qemu(["-kernel", f"{BUILD}/tide.elf", "-append",
                        "test crash=pf"], timeout=60)
    ok = (status == 5 and "kernel fault: #PF page fault" in out
          and "address 0x000000000dead000 (CR2)" in out
          and "page not present, write, kernel mode" in out
          and re.search(r"RIP 0xffffffff8[0-9a-f]{7}", out) is not None)
    report(ok, "qemu: a kernel page fault is reported with its address", out)


def qemu_grub_iso():
    iso = f"{BUILD}/tide.iso"
    start = time.time()
    status, out = qemu(["-cdrom", iso], timeout=120,
                       until=r"memory: \d+ MiB usable")
    took = time.time() - start
    ok = "booted by multiboot2" in out and re.search(r"memory: \d+ MiB usable", out)
    report(bool(ok), f"qemu: the GRUB ISO boots tide ({took:.1f} s to the memory summary)", out)


def qemu_run_program(run, timeout):
    return qemu(["-kernel", f"{BUILD}/tide.elf", "-initrd", f"{BUILD}/initrd.cpio",
                 "-append", f"run={run}"], timeout)


def main():
    for d, prefix in ((f"{BUILD}/host", "host: "), (f"{BUILD}/linux-tests", "linux: ")):
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                path = os.path.join(d, name)
                if os.access(path, os.X_OK) and not name.endswith((".d", ".o")):
                    run_program(f"{prefix}{name}: ", path)
    run_program("bench: smoke: ", "bench/smoke.sh")  # reads BUILD
    gen = subprocess.run(["python3", "tools/gen-syscalls-doc.py", "--check"],
                         capture_output=True, text=True)
    report(gen.returncode == 0, "host: docs/syscalls.md matches the syscall table",
           gen.stdout + gen.stderr)
    print(f"# QEMU accelerator: {ACCEL}")
    qemu_kernel_tests()
    qemu_crash_report()
    qemu_grub_iso()
    experiments.run(report, qemu_run_program, BUILD)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
