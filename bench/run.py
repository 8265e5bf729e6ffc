#!/usr/bin/env python3
"""bench/run.py: tide against Linux, in the same QEMU.  `make bench` runs
it after building what it boots (bench/build.mk).

It boots tide and Debian's Linux alternately (tide, linux, tide, ...),
BENCH_BOOTS times each, with identical QEMU options; each boot runs
membench (bench/membench.c) and prints BENCH lines.  The host also times
each boot itself, from starting QEMU to membench's first line
(boot_to_user).  Then it prints a table (the median over boots of each
figure's in-boot median, the spread over boots, and the ratio
tide/Linux), checks the targets of docs/performance.md, and writes:

    bench/results/YYYYmmdd-HHMMSS.csv, latest.csv   the table
    bench/results/latest.txt                        the printed report
    bench/results/maps_scaling.svg                  item 7 (gnuplot)
    bench/results/fault_hist.svg                    item 1's histogram

Environment: BUILD (build), ACCEL (tcg), BENCH_BOOTS (5), BENCH_CPU
(max), BENCH_TIMEOUT (seconds per boot, 300), BENCH_RESULTS
(bench/results).
"""
import csv
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("BUILD", "build")
ACCEL = os.environ.get("ACCEL", "tcg")
CPU = os.environ.get("BENCH_CPU", "max")
MEM = "512M"
BOOTS = int(os.environ.get("BENCH_BOOTS", "5"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "300"))
RESULTS = os.environ.get("BENCH_RESULTS", os.path.join(HERE, "results"))
KERNELS = ("tide", "linux")

BENCH = re.compile(r"^BENCH name=(\S+) unit=(\S+) median=(\S+) min=(\S+) "
                   r"max=(\S+) n=(\d+)")
HIST = re.compile(r"^HIST name=(\S+) unit=\S+ bins=(\S*)")

# The figures in the order of the table: (name, what it is).
FIGURES = [
    ("boot_to_user", "QEMU start to membench's first line (host clock)"),
    ("null_syscall", "getppid"),
    ("mmap_munmap", "mmap + munmap of one anonymous page"),
    ("brk_pair", "brk up one page and back"),
    ("anon_fault", "first write to an anonymous page"),
    ("anon_read_fault", "first read (maps the zero page)"),
    ("dontneed", "MADV_DONTNEED of 64 MiB touched, per page"),
    ("dontneed_refault", "the write fault after DONTNEED"),
    ("munmap_1g_sparse", "munmap 1 GiB holding 16 touched pages"),
    ("munmap_64k", "munmap 64 KiB holding 16 touched pages"),
    ("munmap_sparse_vs_64k", "munmap_1g_sparse / munmap_64k"),
    ("fault_maps_*", "write fault among N mappings"),
    ("lookup_maps_*", "madvise(MADV_NORMAL) of a page among N mappings"),
    ("fault_spread_*", "fault_maps' pages at the most mappings, one vma"),
    ("lookup_spread_*", "lookup_maps' calls on those pages, one vma"),
    ("fault_maps_scaling", "fault_maps at the most mappings / at 1"),
    ("fork_exit_wait_64m", "fork + exit + wait, 64 MiB touched"),
    ("tsc_rate", "guest TSC against CLOCK_MONOTONIC"),
    ("run_time", "membench's own run time"),
]

# (figure, limit, how): "ratio" is tide/Linux; "self" is tide's own
# derived figure (a ratio of two tide figures).
TARGETS = [
    ("anon_fault", 0.5, "ratio"),
    ("dontneed_refault", 0.5, "ratio"),
    ("mmap_munmap", 0.5, "ratio"),
    ("brk_pair", 0.5, "ratio"),
    ("null_syscall", 0.5, "ratio"),
    ("dontneed", 1.0, "ratio"),
    ("munmap_sparse_vs_64k", 2.0, "self"),
    ("fault_maps_scaling", 1.5, "self"),
    ("boot_to_user", 0.1, "ratio"),
]


def qemu_command(kernel, debug_args=()):
    """QEMU's command line for one benchmark boot of kernel ("tide" or
    "linux"): every option but the three that name what to boot is the
    same for both."""
    common = ["qemu-system-x86_64", "-accel", ACCEL, "-cpu", CPU, "-m", MEM,
              "-smp", "1", "-display", "none", "-nodefaults", "-no-reboot",
              "-serial", "stdio",
              "-device", "isa-debug-exit,iobase=0xf4,iosize=4", *debug_args]
    if kernel == "tide":
        return common + ["-kernel", f"{BUILD}/tide.elf",
                         "-initrd", f"{BUILD}/bench/tide.cpio",
                         "-append", "run=/bin/membench"]
    return common + ["-kernel", f"{BUILD}/bench/linux/vmlinuz",
                     "-initrd", f"{BUILD}/bench/linux.cpio",
                     "-append", "console=ttyS0 quiet panic=-1"]


def tide_command_with_args(args):
    """The tide command line with membench arguments (for profile.py)."""
    cmd = qemu_command("tide")
    cmd[-1] = ",".join(["run=/bin/membench", *args])
    return cmd


def linux_command_with_args(args, extra_append=""):
    """The Linux command line; Linux hands init the words after "--"."""
    cmd = qemu_command("linux")
    cmd[-1] += f" {extra_append} -- {' '.join(args)}"
    return cmd


class Boot:
    """One QEMU run: its output lines, each with the host time (seconds
    since QEMU was started) at which it arrived."""

    def __init__(self, cmd, timeout=TIMEOUT, on_line=None):
        self.lines = []
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.pid = p.pid

        def reader():
            for raw in p.stdout:
                line = raw.decode(errors="replace").rstrip("\r\n")
                self.lines.append((time.monotonic() - start, line))
                if on_line:
                    on_line(line)

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        try:
            self.status = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            self.status = None
        t.join(5)
        self.seconds = time.monotonic() - start

    def text(self):
        return "\n".join(line for _, line in self.lines)


def parse(boot):
    """A boot's figures {name: (unit, median, min, max, n)}, histograms
    {name: {low: count}} and notes; None if membench did not finish."""
    figures, hists, notes = {}, {}, []
    started = ended = None
    for t, line in boot.lines:
        line = line.strip()
        if line.startswith("BENCH_START") and started is None:
            started = t
        elif line.startswith("BENCH_END"):
            ended = line
        elif m := BENCH.match(line):
            name, unit, *vals = m.groups()
            figures[name] = (unit, float(vals[0]), float(vals[1]),
                             float(vals[2]), int(vals[3]))
        elif m := HIST.match(line):
            bins = {}
            for item in filter(None, m.group(2).split(",")):
                low, count = item.split(":")
                bins[int(low)] = int(count)
            hists[m.group(1)] = bins
        elif line.startswith("NOTE "):
            notes.append(line[5:])
    if started is None or ended is None:
        return None
    ms = started * 1000
    figures["boot_to_user"] = ("ms", ms, ms, ms, 1)
    return figures, hists, notes


def derive(figures):
    """Adds the two tide-against-itself ratios the targets name."""
    def get(name):
        return figures[name][1] if name in figures else None

    big, small = get("munmap_1g_sparse"), get("munmap_64k")
    if big and small:
        r = big / small
        figures["munmap_sparse_vs_64k"] = ("ratio", r, r, r, 1)
    counts = sorted(int(n[len("fault_maps_"):]) for n in figures
                    if re.fullmatch(r"fault_maps_\d+", n))
    if len(counts) >= 2 and get(f"fault_maps_{counts[0]}"):
        r = get(f"fault_maps_{counts[-1]}") / get(f"fault_maps_{counts[0]}")
        figures["fault_maps_scaling"] = ("ratio", r, r, r, 1)


def summarize(runs):
    """{kernel: [figures of each boot]} -> rows of the table:
    (figure, unit, {kernel: (median, min, max, boots)}, ratio)."""
    names = []
    for pattern, _ in FIGURES:
        if "*" in pattern:
            regex = pattern.replace("*", r"\d+")
            found = {n for boots in runs.values() for f in boots for n in f
                     if re.fullmatch(regex, n)}
            names += sorted(found, key=lambda n: int(n.split("_")[-1]))
        else:
            names.append(pattern)
    rows = []
    for name in names:
        per = {}
        unit = ""
        for kernel in KERNELS:
            vals = [f[name][1] for f in runs[kernel] if name in f]
            if vals:
                unit = next(f[name][0] for f in runs[kernel] if name in f)
                per[kernel] = (statistics.median(vals), min(vals), max(vals),
                               len(vals))
        if not per:
            continue
        ratio = None
        if "tide" in per and "linux" in per and per["linux"][0]:
            ratio = per["tide"][0] / per["linux"][0]
        rows.append((name, unit, per, ratio))
    return rows


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}"


def table(rows):
    out = [f"{'figure':<22} {'unit':<12} {'tide':>12} {'(spread)':>21} "
           f"{'Linux':>12} {'(spread)':>23} {'tide/Linux':>10}"]
    for name, unit, per, ratio in rows:
        cells = []
        for kernel in KERNELS:
            if kernel in per:
                med, lo, hi, _ = per[kernel]
                cells += [fmt(med), f"{fmt(lo)}..{fmt(hi)}"]
            else:
                cells += ["-", ""]
        out.append(f"{name:<22} {unit:<12} {cells[0]:>12} {cells[1]:>21} "
                   f"{cells[2]:>12} {cells[3]:>23} {fmt(ratio):>10}")
    return out


def check_targets(rows):
    by_name = {r[0]: r for r in rows}
    out = []
    for name, limit, how in TARGETS:
        row = by_name.get(name)
        if not row:
            out.append(f"  MISSING  {name}: not measured")
            continue
        _, _, per, ratio = row
        value = ratio if how == "ratio" else per.get("tide", (None,))[0]
        if value is None:
            out.append(f"  MISSING  {name}: not measured on both kernels")
            continue
        what = "tide/Linux" if how == "ratio" else "tide's ratio"
        extra = ""
        if how == "self" and "linux" in per:
            extra = f" (Linux's own: {per['linux'][0]:.2f})"
        verdict = "met   " if value <= limit else "MISSED"
        out.append(f"  {verdict}  {name}: {what} {value:.2f} "
                   f"(target <= {limit}){extra}")
    return out


def write_csv(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["figure", "unit", "tide_median", "tide_min", "tide_max",
                    "tide_boots", "linux_median", "linux_min", "linux_max",
                    "linux_boots", "tide_over_linux"])
        for name, unit, per, ratio in rows:
            cells = [name, unit]
            for kernel in KERNELS:
                if kernel in per:
                    med, lo, hi, n = per[kernel]
                    cells += [f"{med:.2f}", f"{lo:.2f}", f"{hi:.2f}", n]
                else:
                    cells += ["", "", "", 0]
            cells.append(f"{ratio:.4f}" if ratio is not None else "")
            w.writerow(cells)


def hist_bins(lo, hi):
    """Every quarter-octave bin's low edge from lo to hi, as membench's
    hist_low() makes them (so that empty bins are drawn as zero)."""
    lows, b = [], 0
    while True:
        b = 8 if 4 <= b < 8 else b  # membench has no bins 4..7
        low = b if b < 4 else (4 + b % 4) << (b // 4 - 2)
        if low > hi:
            return lows
        if low >= lo:
            lows.append(low)
        b += 1


def plot(rows, hists, outdir):
    """Writes the data files and runs bench/plots.gp (gnuplot)."""
    datadir = os.path.join(BUILD, "bench", "plot")
    os.makedirs(datadir, exist_ok=True)
    by_name = {r[0]: r[2] for r in rows}
    with open(os.path.join(datadir, "maps.dat"), "w") as f:
        f.write("# mappings, then median min max for: tide fault, Linux "
                "fault (cycles/fault), tide lookup, Linux lookup "
                "(cycles/madvise); then tide's and Linux's fault median "
                "over their median at 1 mapping\n")
        counts = sorted(int(n.split("_")[-1]) for n in by_name
                        if re.fullmatch(r"fault_maps_\d+", n))
        nan = (float("nan"),) * 3
        first = by_name.get(f"fault_maps_{counts[0]}", {}) if counts else {}
        for n in counts:
            vals = []
            for figure in ("fault_maps", "lookup_maps"):
                per = by_name.get(f"{figure}_{n}", {})
                for kernel in KERNELS:
                    vals += list(per.get(kernel, nan)[:3])
            per = by_name.get(f"fault_maps_{n}", {})
            for kernel in KERNELS:
                base = first.get(kernel, nan)[0]
                vals.append(per.get(kernel, nan)[0] / base if base else nan)
            f.write(f"{n} " + " ".join(f"{v:.3f}" for v in vals) + "\n")
    lows = hist_bins(min(min(h) for h in hists.values() if h),
                     max(max(h) for h in hists.values() if h))
    totals = {k: sum(hists[k].values()) or 1 for k in KERNELS}
    with open(os.path.join(datadir, "hist.dat"), "w") as f:
        f.write("# bin_low_cycles tide_percent linux_percent\n")
        for low in lows:
            f.write(f"{low} " + " ".join(
                f"{100 * hists[k].get(low, 0) / totals[k]:.3f}"
                for k in KERNELS) + "\n")
    r = subprocess.run(["gnuplot", "-e", f"datadir='{datadir}'",
                        "-e", f"outdir='{outdir}'",
                        os.path.join(HERE, "plots.gp")],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"bench: gnuplot failed:\n{r.stderr}")


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    qemu = subprocess.run(["qemu-system-x86_64", "--version"],
                          capture_output=True, text=True).stdout.split("\n")[0]
    try:
        with open(f"{BUILD}/bench/linux/package") as f:
            linux = f.read().strip()
    except OSError:
        linux = "unknown"
    commit = subprocess.run(["git", "-C", os.path.dirname(HERE), "describe",
                             "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    return [f"host: {model}, {os.cpu_count()} CPUs, {platform.release()}",
            f"QEMU: {qemu}; -accel {ACCEL} -cpu {CPU} -m {MEM} -smp 1",
            f"tide: {commit or 'unknown commit'}; Linux: {linux}"]


def main():
    for path in (f"{BUILD}/tide.elf", f"{BUILD}/bench/tide.cpio",
                 f"{BUILD}/bench/linux/vmlinuz", f"{BUILD}/bench/linux.cpio"):
        if not os.path.exists(path):
            sys.exit(f"bench: {path} is missing: run `make bench`")
    info = machine()
    load_start = os.getloadavg()[0]
    for line in info:
        print(f"# {line}")
    print(f"# {BOOTS} boots of each kernel, interleaved; accelerator {ACCEL}")
    runs = {k: [] for k in KERNELS}
    hists = {k: {} for k in KERNELS}
    notes = {k: [] for k in KERNELS}
    failed = 0
    started = time.monotonic()
    for i in range(BOOTS):
        for kernel in KERNELS:
            boot = Boot(qemu_command(kernel))
            parsed = parse(boot)
            if parsed is None:
                failed += 1
                print(f"bench: {kernel} boot {i + 1} failed (QEMU status "
                      f"{boot.status}); its last lines:")
                for line in boot.text().splitlines()[-15:]:
                    print(f"#   {line}")
                continue
            figures, boot_hists, boot_notes = parsed
            derive(figures)
            runs[kernel].append(figures)
            for low, count in boot_hists.get("anon_fault", {}).items():
                hists[kernel][low] = hists[kernel].get(low, 0) + count
            for note in boot_notes:
                if note not in notes[kernel]:
                    notes[kernel].append(note)
            print(f"# {kernel} boot {i + 1}: {boot.seconds:.1f} s, "
                  f"first membench line after "
                  f"{figures['boot_to_user'][1]:.0f} ms")
            sys.stdout.flush()
    if not all(hists.values()):
        sys.exit("bench: a kernel printed no fault histogram")
    if not runs["tide"] or not runs["linux"]:
        sys.exit("bench: no complete boot of one of the kernels")

    rows = summarize(runs)
    report = [f"# {line}" for line in info]
    report.append(f"# {len(runs['tide'])} tide and {len(runs['linux'])} "
                  f"Linux boots, interleaved; {failed} failed; "
                  f"{time.monotonic() - started:.0f} s in all; host load "
                  f"average {load_start:.2f} before, "
                  f"{os.getloadavg()[0]:.2f} after")
    report.append("# each cell: median over boots of the in-boot median; "
                  "spread: min..max over boots")
    report += table(rows)
    report.append("targets:")
    report += check_targets(rows)
    for kernel in KERNELS:
        for note in notes[kernel]:
            report.append(f"note ({kernel}): {note}")
    print("\n".join(report[len(info):]))

    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    write_csv(rows, os.path.join(RESULTS, f"{stamp}.csv"))
    write_csv(rows, os.path.join(RESULTS, "latest.csv"))
    with open(os.path.join(RESULTS, "latest.txt"), "w") as f:
        f.write("\n".join(report) + "\n")
    plot(rows, hists, RESULTS)
    print(f"bench: wrote {RESULTS}/{stamp}.csv, latest.csv, latest.txt, "
          "maps_scaling.svg, fault_hist.svg")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
