#!/usr/bin/env python3
"""bench/profile.py: where the cycles of one membench figure go, on tide
or on Linux, by sampling.

    bench/profile.py KERNEL GROUP [--repeat K] [--rounds R] [--interval MS]
                     [--out FILE] [--verbose]

KERNEL is tide or linux; GROUP is one of membench's groups (anon_fault,
dontneed, munmap_sparse, fault_maps, fork, null_syscall, mmap_munmap,
brk_pair).  It boots KERNEL exactly as bench/run.py does, plus QEMU's GDB
stub (-gdb) and, for Linux, "nokaslr" (so that System.map's addresses
hold); membench runs only GROUP, K times.  Every MS milliseconds the
script stops the machine through the stub, reads the instruction pointer,
CR3 and membench's phase word (see enum phase in membench.c) and lets it
run on.  A sample in another process (init, the idle loop) is charged to
the phase seen last.  Under TCG the guest's clock is the host's, so the
share of samples is the share of the figure's cycles.

It prints, for each phase, the share of kernel and user samples and the
functions with the most samples: kernel functions from build/tide.elf or
Linux's /proc/kallsyms (see linux_symbols), user ones from the membench
binary.  With --out the
report also goes to FILE.
"""
import argparse
import bisect
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: the same QEMU command lines)

PHASE_MAGIC = 0x6d656d62
PHASES = ["none", "null_syscall", "mmap_munmap", "brk_pair", "anon_fault",
          "anon_read_fault", "dontneed", "dontneed_refault",
          "munmap_1g_sparse", "munmap_64k", "fault_maps[0]",
          "fault_maps[1]", "fault_maps[2]", "fault_maps[3]", "fork",
          "fault_spread"]
KERNEL_HALF = 0xffff800000000000


class Symbols:
    """Address -> function name, from `nm -n` or System.map lines."""

    def __init__(self, lines):
        pairs = []
        for line in lines:
            parts = line.split()
            if len(parts) >= 3 and parts[1] in "TtWw":
                pairs.append((int(parts[0], 16), parts[2]))
        pairs.sort()
        self.addrs = [a for a, _ in pairs]
        self.names = [n for _, n in pairs]

    @classmethod
    def of_elf(cls, path):
        out = subprocess.run(["nm", "-n", path], capture_output=True,
                             text=True).stdout
        return cls(out.splitlines())

    def name(self, addr):
        i = bisect.bisect_right(self.addrs, addr) - 1
        return self.names[i] if i >= 0 else f"{addr:#x}"

    def address(self, name):
        return self.addrs[self.names.index(name)]


def data_symbol(path, name):
    out = subprocess.run(["nm", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    sys.exit(f"profile: {name} not found in {path}")


class Stub:
    """Just enough of GDB's remote serial protocol (with acks)."""

    def __init__(self, port, deadline):
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        # Small packets must go at once: with Nagle's algorithm a 'c'
        # waits for an ack and reaches QEMU together with the next ^C.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.settimeout(30)
        self.buf = b""

    def send(self, data):
        body = data.encode()
        self.sock.sendall(b"$" + body + b"#%02x" % (sum(body) % 256))

    def recv(self):
        while True:
            self.buf = self.buf.lstrip(b"+")
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start + 1) if start >= 0 else -1
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                packet = self.buf[start + 1:end].decode()
                self.buf = self.buf[end + 3:]
                self.sock.sendall(b"+")
                return packet
            more = self.sock.recv(65536)
            if not more:
                raise EOFError
            self.buf += more

    def interrupt(self):
        """Stops the machine.  QEMU ignores a ^C that arrives before the
        previous 'c' has restarted it, so ask again until it stops."""
        self.sock.settimeout(0.2)
        try:
            for _ in range(100):
                self.sock.sendall(b"\x03")
                try:
                    return self.recv()
                except socket.timeout:
                    continue
            raise EOFError
        finally:
            self.sock.settimeout(30)

    def registers(self):
        """(rip, cs, cr3) from a 'g' packet.  QEMU's x86-64 layout: 16
        GPRs and rip (8 bytes each), eflags and 6 segment selectors (4
        bytes each), fs_base, gs_base, k_gs_base, cr0, cr2, cr3, ..."""
        self.send("g")
        g = bytes.fromhex(self.recv())

        def word(off, n=8):
            return int.from_bytes(g[off:off + n], "little")
        return word(128), word(140, 4), word(204)

    def read(self, addr, n):
        self.send(f"m{addr:x},{n:x}")
        reply = self.recv()
        if reply.startswith("E") or len(reply) != 2 * n:
            return None
        return bytes.fromhex(reply)


def linux_symbols():
    """Linux's text symbols as "address T name" lines.  Debian's package
    has only a stub System.map, so the first call boots Linux (nokaslr,
    as profiles do) with membench's "kallsyms" argument, which prints
    /proc/kallsyms; the lines are kept in build/bench/linux/kallsyms."""
    path = f"{run.BUILD}/bench/linux/kallsyms"
    if not os.path.exists(path):
        print("profile: reading Linux's symbols (one boot)", flush=True)
        boot = run.Boot(run.linux_command_with_args(
            ["kallsyms", "only=none"], extra_append="nokaslr"))
        lines = [f"{m.group(1)} T {m.group(2)}" for _, line in boot.lines
                 if (m := re.match(r"^KSYM ([0-9a-f]+) (\S+)", line))]
        if not lines:
            sys.exit("profile: Linux printed no symbols:\n" + boot.text())
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
    with open(path) as f:
        return f.read().splitlines()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def profile(kernel, group, repeat, interval, rounds=0, verbose=False):
    build = run.BUILD
    port = free_port()
    args = [f"only={group}", f"repeat={repeat}"]
    if rounds:
        args.append(f"rounds={rounds}")
    gdb = ["-gdb", f"tcp:127.0.0.1:{port}"]
    if kernel == "tide":
        cmd = run.tide_command_with_args(args)
        ksyms = Symbols.of_elf(f"{build}/tide.elf")
        binary = f"{build}/bench/membench.tide"
    else:
        cmd = run.linux_command_with_args(args, extra_append="nokaslr")
        ksyms = Symbols(linux_symbols())
        binary = f"{build}/bench/membench.musl"
    cmd[1:1] = gdb
    usyms = Symbols.of_elf(binary)
    phase_addr = data_symbol(binary, "membench_phase")

    samples = []  # (phase, where, function)
    output = []
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def reader():
        for raw in qemu.stdout:
            line = raw.decode(errors="replace").rstrip()
            output.append(line)
            if verbose:
                print(f"| {line}", flush=True)
    threading.Thread(target=reader, daemon=True).start()
    # Stopping the machine while it boots (firmware loading the kernel
    # through fw_cfg) can hang it: attach once membench has started.
    deadline = time.monotonic() + run.TIMEOUT
    while not any(line.startswith("BENCH_START") for line in output):
        if qemu.poll() is not None or time.monotonic() > deadline:
            qemu.kill()
            sys.exit("profile: membench did not start:\n" +
                     "\n".join(output[-20:]))
        time.sleep(0.01)
    stub = Stub(port, time.monotonic() + 20)
    phase = 0
    try:
        stub.recv()  # QEMU stops the machine when a debugger connects
        stub.send("c")
        while True:
            time.sleep(interval / 1000)
            stub.interrupt()
            rip, cs, cr3 = stub.registers()
            word = stub.read(phase_addr, 8)
            mine = word is not None and \
                int.from_bytes(word[:4], "little") == PHASE_MAGIC
            if mine:
                phase = int.from_bytes(word[4:], "little", signed=True)
            if rip >= KERNEL_HALF:
                where, fn = "kernel", ksyms.name(rip)
            elif mine:
                where, fn = "user", usyms.name(rip)
            else:
                where, fn = "other process", "(user code)"
            if not mine and where == "kernel":
                where = "kernel, other process"
            samples.append((phase, where, fn))
            stub.send("c")
    except (EOFError, ConnectionError, socket.timeout):
        pass
    qemu.wait(timeout=60)
    return samples, output


def report(kernel, group, samples, top=20):
    by_phase = defaultdict(list)
    for phase, where, fn in samples:
        if phase:
            by_phase[phase].append((where, fn))
    out = [f"profile of membench {group} on {kernel}: {len(samples)} "
           f"samples, {sum(len(v) for v in by_phase.values())} in timed "
           "phases"]
    for phase in sorted(by_phase):
        got = by_phase[phase]
        name = PHASES[phase] if phase < len(PHASES) else str(phase)
        out.append(f"\n== {name}: {len(got)} samples")
        for where, n in Counter(w for w, _ in got).most_common():
            out.append(f"   {100 * n / len(got):5.1f}%  {where}")
        out.append("   functions:")
        for (where, fn), n in Counter(got).most_common(top):
            out.append(f"   {100 * n / len(got):5.1f}%  {fn}  [{where}]")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kernel", choices=["tide", "linux"])
    ap.add_argument("group")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=0,
                    help="rounds per figure (membench's rounds=)")
    ap.add_argument("--interval", type=float, default=2.0,
                    help="milliseconds between samples")
    ap.add_argument("--out")
    ap.add_argument("--verbose", action="store_true",
                    help="show the guest's console")
    a = ap.parse_args()
    samples, output = profile(a.kernel, a.group, a.repeat, a.interval,
                              a.rounds, a.verbose)
    lines = report(a.kernel, a.group, samples)
    bench = [line for line in output if re.match(r"^(BENCH|NOTE) ", line)]
    lines += ["", "membench's own lines (times include the sampling):"]
    lines += [f"   {line}" for line in bench]
    print("\n".join(lines))
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
