#!/usr/bin/env python3
"""The seed post's experiments, checked on tide and on this host's Linux.

tests/runner.py calls run(report, qemu_run_program, build_dir).  Run alone,
`python3 tests/experiments.py` (after `make kernel initrd`) prints one TAP
line per check and ends with "N passed, N failed".

Every user/exp_*.c and user/seed_*.c program runs twice: on tide, one boot
each with run=/bin/NAME (as `make exec` does), and built with the host's gcc
and run here.  The checks read the post's facts from the real output: the
break moves by exactly 128 bytes; [heap] ends at the break rounded up to a
page; an mmap of 20 bytes adds one anonymous rw-p page that munmap of 40
bytes removes; a private file mapping reads a, then b, then a again after
MADV_DONTNEED while a shared one keeps b; DONTNEED of heap pages 2-4 lowers
VmRSS by exactly 3 pages.  Each fact is checked on Linux too wherever Linux
shows it the same way (the reason a check is tide-only is given next to
it): a check Linux fails would be a wrong check, not a tide bug.

tools/capture-experiments.py, which writes docs/experiments.md, uses the
boot and build helpers below.
"""
import os
import re
import subprocess
import sys

PAGE = 4096
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPERIMENTS = ("exp_brk", "exp_heap_maps", "exp_mmap", "exp_dontneed",
               "exp_brk_hole")
SEEDS = ("seed_brk", "seed_brk_maps", "seed_mmap", "seed_madvise_dontneed")
BOOT_TIMEOUT = 60

# ---- running the programs ----------------------------------------------


def qemu_command(build_dir, run_arg, accel="tcg", mem="512M"):
    """The QEMU command line that boots tide to run one program: run_arg is
    what follows run= ("/bin/NAME,ARG1,ARG2"), as in `make exec`."""
    return ["qemu-system-x86_64", "-accel", accel, "-cpu", "max", "-m", mem,
            "-display", "none", "-nodefaults", "-no-reboot",
            "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
            "-kernel", os.path.join(build_dir, "tide.elf"),
            "-initrd", os.path.join(build_dir, "initrd.cpio"),
            "-append", f"run={run_arg}"]


def boot_tide(build_dir, run_arg, timeout=BOOT_TIMEOUT, accel=None,
              mem=None):
    """Boots tide with run=run_arg.  Returns (QEMU's exit status, or None
    if it ran past timeout seconds, and the console text without '\\r')."""
    accel = accel or os.environ.get("ACCEL", "tcg")
    mem = mem or os.environ.get("TEST_MEM", "512M")
    cmd = qemu_command(build_dir, run_arg, accel, mem)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        status, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        status, out = None, e.stdout or b""
    return status, out.decode(errors="replace").replace("\r", "")


BANNER_END = re.compile(r"^memory: \d+ MiB usable")
EXIT_STATUS = re.compile(r"^# exit-status (\d+)$")


def tide_program_output(console):
    """Splits a run= boot's console text into (exit code, or None if init
    never reported one, and the program's output): the kernel's banner, up
    to its memory summary, and everything from init's "# exit-status N" on
    are left out.  Kernel lines printed while the program runs (the
    built-in strace, a segfault report) stay."""
    lines = console.replace("\r", "").split("\n")
    for i, line in enumerate(lines[:30]):
        if BANNER_END.match(line):
            lines = lines[i + 1:]
            break
    code, kept = None, []
    for line in lines:
        m = EXIT_STATUS.match(line)
        if m:
            code = int(m.group(1))
            break
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return code, "\n".join(kept) + "\n"


def expected_qemu_status(code):
    """init powers off for exit code 0 (isa-debug-exit 0: QEMU status 1)
    and asks for "exit=N" otherwise (QEMU status (N << 1) | 1)."""
    return (code << 1) | 1


def build_linux(out_dir, names=EXPERIMENTS + SEEDS, cc="gcc"):
    """Builds user/NAME.c for this host with glibc, as the post built its
    programs (dynamically linked, not position-independent, so that the
    program sits at 0x400000 as in the post).  Returns a list of error
    texts, empty if all were built; skips programs that are up to date."""
    os.makedirs(out_dir, exist_ok=True)
    headers = [os.path.join(ROOT, "user", h)
               for h in os.listdir(os.path.join(ROOT, "user"))
               if h.endswith(".h")]
    errors = []
    for name in names:
        src = os.path.join(ROOT, "user", f"{name}.c")
        exe = os.path.join(out_dir, name)
        newest = max(os.path.getmtime(f) for f in [src, *headers])
        if os.path.exists(exe) and os.path.getmtime(exe) >= newest:
            continue
        try:
            p = subprocess.run([cc, "-O2", "-no-pie",
                                "-I", os.path.join(ROOT, "user"),
                                "-o", exe, src], capture_output=True,
                               text=True)
        except OSError as e:
            errors.append(f"{cc}: {e}")
            break
        if p.returncode != 0:
            errors.append(f"{cc} {name}.c failed:\n{p.stderr}")
    return errors


def run_linux(argv, cwd=None, timeout=60):
    """Runs argv here with stdout and stderr in one pipe (in the order the
    program wrote them, as on tide's console).  Returns (exit status,
    negative for a signal, or None on a timeout, and the output)."""
    try:
        p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode(errors="replace")


# ---- reading the output ------------------------------------------------

MAPS_LINE = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][ps]) "
                       r"[0-9a-f]+ \S+ (\d+) *(.*)$")
PAGES_LINE = re.compile(r"^    (\S+)(?: \.\.\. (\S+))?  (\d+) pages?,")
SECTION = re.compile(r"^== (.*) ==$")
HEX = r"(0x[0-9a-f]+)"


class Missing(Exception):
    """The output lacks a line a check needs."""


class Region:
    """One /proc/self/maps line, with vmview's page drawing if it had one."""

    def __init__(self, m):
        self.start, self.end = int(m.group(1), 16), int(m.group(2), 16)
        self.perms, self.inode = m.group(3), int(m.group(4))
        self.name = m.group(5).strip()
        self.head = self.tail = None

    def page_char(self, va):
        """vmview's character for the page at va, or None if not drawn."""
        if self.head is None:
            return None
        i, npages = (va - self.start) // PAGE, (self.end - self.start) // PAGE
        if self.tail is None:
            return self.head[i]
        if i < len(self.head):
            return self.head[i]
        if i >= npages - len(self.tail):
            return self.tail[i - (npages - len(self.tail))]
        return None

    def anonymous_rw(self):
        return self.perms == "rw-p" and self.inode == 0 and not self.name


def parse_regions(lines):
    """The maps lines among lines, each with the drawing under it."""
    regions = []
    for line in lines:
        m = MAPS_LINE.match(line)
        if m:
            regions.append(Region(m))
            continue
        m = PAGES_LINE.match(line)
        if m and regions and regions[-1].head is None:
            regions[-1].head, regions[-1].tail = m.group(1), m.group(2)
    return regions


def sections(text):
    """vmview's dumps by title: {"after mmap": [Region, ...], ...}."""
    found, title, lines = {}, None, []
    for line in text.splitlines() + ["== end =="]:
        m = SECTION.match(line)
        if m:
            if title is not None:
                found[title] = parse_regions(lines)
            title, lines = m.group(1), []
        else:
            lines.append(line)
    return found


def section(text, title):
    found = sections(text)
    if title not in found:
        raise Missing(f'no "== {title} ==" dump')
    return found[title]


def maps_dumps(text):
    """The plain /proc/self/maps dumps of a seed program: each run of
    consecutive maps lines is one dump."""
    dumps, current = [], []
    for line in text.splitlines() + [""]:
        if MAPS_LINE.match(line):
            current.append(line)
        elif current:
            dumps.append(parse_regions(current))
            current = []
    return dumps


def find(pattern, text, group=1):
    m = re.search(pattern, text, re.M)
    if not m:
        raise Missing(f"no line matching /{pattern}/")
    return m.group(group)


def findall(pattern, text):
    return re.findall(pattern, text, re.M)


def hexnum(pattern, text):
    return int(find(pattern, text), 16)


def round_up(va):
    return (va + PAGE - 1) & ~(PAGE - 1)


def anon_pages(regions):
    """The page numbers covered by anonymous private rw- mappings without a
    name.  Comparing sets, not lines, is what makes the mmap check hold on
    Linux too, where the new page may merge with a neighbouring mapping."""
    pages = set()
    for r in regions:
        if r.anonymous_rw():
            pages.update(range(r.start // PAGE, r.end // PAGE))
    return pages


def page_row(regions, va, npages):
    """The drawing of npages pages from va: one vmview character each,
    ' ' for a page that no mapping covers."""
    row = ""
    for i in range(npages):
        page = va + i * PAGE
        owner = [r for r in regions if r.start <= page < r.end]
        row += (owner[0].page_char(page) or "?") if owner else " "
    return row


def without_addresses(text):
    """The lines that are not maps lines, with every 0x... number made
    0x?: what the same program must print on tide and on Linux alike."""
    return [re.sub(r"0x[0-9a-f]+", "0x?", line)
            for line in text.rstrip("\n").splitlines()
            if not MAPS_LINE.match(line)]


# ---- the facts, one function each --------------------------------------
# Each takes a program's output and returns (ok, what was seen); a Missing
# line makes the check fail with the reason.


def brk_moves_128(out):
    before = hexnum(rf"^break before: {HEX}$", out)
    after = hexnum(rf"^break after:\s+{HEX}$", out)
    diff = int(find(r"^difference:\s+(-?\d+) bytes$", out))
    return (after - before == 128 and diff == 128,
            f"break {before:#x} -> {after:#x}, program says {diff} bytes")


def heap_ends_at_rounded_break(out):
    before = hexnum(rf"^break before: {HEX}$", out)
    after = hexnum(rf"^break after:\s+{HEX} \(moved by", out)
    heap = [r for r in section(out, "after brk(+128)") if r.name == "[heap]"]
    told = hexnum(rf"^end of \[heap\]:\s+{HEX}$", out)
    ok = (after - before == 128 and len(heap) == 1 and
          heap[0].end == round_up(after) and told == heap[0].end)
    ends = [f"{r.end:#x}" for r in heap]
    return ok, (f"break {before:#x} -> {after:#x}, [heap] ends {ends}, "
                f"rounded break {round_up(after):#x}")


def mmap_address(out):
    return hexnum(rf"^mapping address: {HEX}$", out)


def mmap_adds_one_page(out):
    ptr = mmap_address(out)
    before = anon_pages(section(out, "before mmap"))
    after = anon_pages(section(out, "after mmap"))
    added, removed = sorted(after - before), sorted(before - after)
    return (added == [ptr // PAGE] and not removed,
            f"mmap returned {ptr:#x}; anonymous pages added "
            f"{[hex(p * PAGE) for p in added]}, removed "
            f"{[hex(p * PAGE) for p in removed]}")


def mmap_page_lazy(out):
    ptr = mmap_address(out)
    mapped = page_row(section(out, "after mmap"), ptr, 1)
    written = page_row(section(out, "after writing"), ptr, 1)
    return (mapped == "." and written == "#",
            f"page at {ptr:#x}: '{mapped}' after mmap, '{written}' after "
            "the writes (want '.' then '#')")


def munmap_removes_page(out):
    ptr = mmap_address(out)
    before = anon_pages(section(out, "before mmap"))
    regions = section(out, "after munmap")
    gone = page_row(regions, ptr, 1) == " "
    return (gone and anon_pages(regions) == before,
            f"after munmap(ptr, 40): page {ptr:#x} "
            f"{'unmapped' if gone else 'still mapped'}; anonymous pages "
            f"{'as' if anon_pages(regions) == before else 'not as'} before "
            "mmap")


def diff_block(out, title):
    lines, inside = [], False
    for line in out.splitlines():
        if line.startswith("-- /proc/self/maps changes " + title):
            inside = True
        elif inside and line[:2] in ("+ ", "- "):
            lines.append(line)
        elif inside:
            break
    if not inside:
        raise Missing(f'no "-- /proc/self/maps changes {title}" block')
    return lines


def mmap_diff_lines(out):
    # tide only: Linux may merge the page into a neighbouring mapping, so
    # its diff shows a longer line going and coming (see exp_mmap.c).
    ptr = mmap_address(out)
    line = f"{ptr:08x}-{ptr + PAGE:08x} rw-p 00000000 00:00 0"
    added = [s.rstrip() for s in diff_block(out, "after mmap")]
    removed = [s.rstrip() for s in diff_block(out, "after munmap")]
    return (added == ["+ " + line] and removed == ["- " + line],
            f"after mmap {added}, after munmap {removed}")


def shown(out, label):
    return findall(rf"^{label}:\s+(\S*)$", out)


def private_a_b_a(out):
    seen = [shown(out, label)[:1] for label in
            ("after mmap", "after modification", "after MADV_DONTNEED")]
    return (seen == [["a" * 10], ["b" * 10], ["a" * 10]],
            f"MAP_PRIVATE showed {seen} (want a, b, a)")


def shared_keeps_b(out):
    mapped = shown(out, "after mmap")[1:2]
    dontneed = shown(out, "after MADV_DONTNEED")[1:2]
    in_file = shown(out, r"read\(\) of the file")
    return (mapped == ["a" * 10] and dontneed == ["b" * 10] and
            in_file == ["b" * 10],
            f"MAP_SHARED: after mmap {mapped}, after DONTNEED {dontneed}, "
            f"read() of the file {in_file} (want a, b, b)")


DONTNEED_VIEWS = (("private mapping, read", "f"),
                  ("private mapping, written", "#"),
                  ("private mapping, after DONTNEED", "."),
                  ("private mapping, read again", "f"),
                  ("shared mapping, written", "f"),
                  ("shared mapping, after DONTNEED", "."))


def dontneed_pages(out):
    seen = []
    for title, _ in DONTNEED_VIEWS:
        first = (section(out, title) or [None])[0]
        seen.append(first.page_char(first.start) if first else None)
    want = [c for _, c in DONTNEED_VIEWS]
    return seen == want, f"page views {seen}, want {want}"


HOLE_VIEWS = (("[heap] after sbrk", "......"),
              ("[heap] after touching", "######"),
              ("[heap] after MADV_DONTNEED of pages 2-4", "#...##"),
              ("[heap] after sbrk(-2 pages)", "#...  "))


def hole_heap(out):
    return (hexnum(rf"^pages 1\.\.6 at {HEX}\.\.", out),
            hexnum(rf"^pages 1\.\.6 at 0x[0-9a-f]+\.\.{HEX}$", out))


def hole_pages(out):
    start, _ = hole_heap(out)
    seen = [page_row(section(out, title), start, 6) for title, _ in HOLE_VIEWS]
    want = [row for _, row in HOLE_VIEWS]
    return seen == want, f"pages 1-6 {seen}, want {want}"


def hole_memory(out):
    """VmRSS and MemFree in kB after each of the four steps."""
    rows = findall(r"^VmRSS\s+(\d+) kB.*MemFree\s+(\d+) kB", out)
    if len(rows) != 4:
        raise Missing(f"{len(rows)} VmRSS/MemFree lines, not 4")
    return [int(r) for r, _ in rows], [int(f) for _, f in rows]


def steps(values):
    return [b - a for a, b in zip(values, values[1:])]


def hole_rss(out, exact_touch):
    # The touch of 6 pages is +24 kB on tide; on Linux the same step also
    # faults in library pages the program had not used yet, so there it is
    # at least +24 kB.  The two give-backs are exact on both.
    rss = steps(hole_memory(out)[0])
    touch_ok = rss[0] == 24 if exact_touch else rss[0] >= 24
    return (touch_ok and rss[1] == -12 and rss[2] == -8,
            f"VmRSS steps {rss} kB (want {'' if exact_touch else '>='}24, "
            "-12 for DONTNEED of 3 pages, -8 for sbrk(-2 pages))")


def hole_memfree(out):
    # tide only: on Linux MemFree moves with the whole machine.  On tide
    # nothing else runs, and the heap's pages share one page table, so
    # MemFree moves by exactly the pages VmRSS gains or loses.
    rss, free = (steps(v) for v in hole_memory(out))
    return (free == [-r for r in rss] and free == [-24, 12, 8],
            f"MemFree steps {free} kB, VmRSS steps {rss} kB")


def hole_break(out):
    _, end = hole_heap(out)
    kept = hexnum(rf"the break did not move: {HEX}$", out)
    now = hexnum(rf"the break is now {HEX}$", out)
    return (kept == end and now == end - 2 * PAGE,
            f"heap ends {end:#x}; break after DONTNEED {kept:#x}, after "
            f"sbrk(-2 pages) {now:#x}")


SYSCALL_LINE = re.compile(r"^[a-z_0-9]+\(.*\) += ")


def trace_lines(out):
    return [line for line in out.splitlines()
            if SYSCALL_LINE.match(line) or line.startswith("+++ ")]


def first_break(out):
    return hexnum(rf"^brk\(NULL\)\s+= {HEX}$", out)


def strace_brk_calls(out):
    b = first_break(out)
    told = hexnum(rf"^program break address: {HEX}$", out)
    brks = [line for line in trace_lines(out) if line.startswith("brk(")]
    want = [rf"brk\(NULL\)\s+= {b:#x}",
            rf"brk\({b + 0x80:#x}\)\s+= {b + 0x80:#x}"]
    ok = (told == b and len(brks) == 2 and
          all(re.fullmatch(w, s) for w, s in zip(want, brks)))
    return ok, (f"program printed {told:#x}; break calls {brks} "
                "(want brk(NULL) = B and brk(B + 0x80) = B + 0x80 only)")


def strace_brk_text(out):
    b = first_break(out)
    c1 = f"c1: {b + 0x80:#x}"
    want = [r'execve\("/bin/seed_brk", \["seed_brk"\], 0x[0-9a-f]+ '
            r'/\* \d+ vars? \*/\) = 0',
            rf"brk\(NULL\)\s+= {b:#x}",
            rf'write\(2, "program break address: {b:#x}\\n", 32\)\s+= 32',
            rf'write\(2, "{c1}\\n", {len(c1) + 1}\)\s+= {len(c1) + 1}',
            rf"brk\({b + 0x80:#x}\)\s+= {b + 0x80:#x}",
            rf'write\(2, "program break address: {b + 0x80:#x}\\n", 32\)'
            r"\s+= 32",
            r"exit_group\(0\)\s+= \?",
            r"\+\+\+ exited with 0 \+\+\+"]
    got = trace_lines(out)
    bad = [f"line {i + 1}: {g!r} !~ /{w}/" for i, (w, g) in
           enumerate(zip(want, got)) if not re.fullmatch(w, g)]
    return (not bad and len(got) == len(want),
            "\n".join(bad) or f"{len(got)} trace lines, want {len(want)}")


def strace_columns(out):
    """strace pads the call to 39 columns, then " = " and the result."""
    bad = []
    for line in trace_lines(out):
        if line.startswith("+++"):
            continue
        at = line.rfind(" = ")
        if at != max(39, len(line[:at].rstrip(" "))):
            bad.append(line)
    return not bad, "result not in column 40: " + repr(bad)


def strace_mmap(out):
    calls = findall(r"^mmap\(NULL, 20, PROT_READ\|PROT_WRITE, "
                    rf"MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = {HEX}$", out)
    told = mmap_address(out)
    return (len(calls) == 1 and int(calls[0], 16) == told,
            f"mmap(NULL, 20, ...) lines returned {calls}; the program "
            f"printed {told:#x}")


def strace_munmap(out):
    ptr = int(find(r"^mmap\(NULL, 20, .*\) = (0x[0-9a-f]+)$", out), 16)
    calls = findall(rf"^munmap\({HEX}, 40\)\s+= 0$", out)
    return (calls == [f"{ptr:#x}"],
            f"munmap(..., 40) = 0 lines for {calls}; mmap gave {ptr:#x}")


def seed_brk_lines(out):
    b = hexnum(rf"^program break address: {HEX}$", out)
    want = [f"program break address: {b:#x}", f"c1: {b + 0x80:#x}",
            f"program break address: {b + 0x80:#x}"]
    got = out.rstrip("\n").splitlines()
    return got == want, f"printed {got}, want {want}"


def seed_heap_end(out):
    c1 = hexnum(rf"^c1: {HEX}$", out)
    dumps = maps_dumps(out)
    if len(dumps) != 2:
        raise Missing(f"{len(dumps)} maps dumps, not 2")
    ends = [r.end for r in dumps[1] if r.name == "[heap]"]
    return (ends == [round_up(c1)],
            f"c1 {c1:#x}; [heap] of the second dump ends "
            f"{[hex(e) for e in ends]}, want {round_up(c1):#x}")


def seed_mmap_page(out):
    ptr = hexnum(rf"^Mapping address: {HEX}$", out)
    dumps = maps_dumps(out)
    if len(dumps) != 3:
        raise Missing(f"{len(dumps)} maps dumps, not 3")
    first, second, third = (anon_pages(d) for d in dumps)
    return (second - first == {ptr // PAGE} and first <= second and
            third == first,
            f"mmap returned {ptr:#x}; anonymous pages added "
            f"{[hex(p * PAGE) for p in sorted(second - first)]}; after "
            f"munmap {'as' if third == first else 'not as'} before")


MADVISE_LINES = ["After mmap:          aaaaaaaaaa",
                 "After modification:  bbbbbbbbbb",
                 "After MADV_DONTNEED: aaaaaaaaaa"]


def seed_madvise_lines(out):
    got = out.rstrip("\n").splitlines()
    return got == MADVISE_LINES, f"printed {got}"


# Per program: the checks that hold on both systems, then tide-only ones.
CHECKS = {
    "exp_brk": [(brk_moves_128, "the break moves by exactly 128 bytes")],
    "exp_heap_maps": [(heap_ends_at_rounded_break,
                       "[heap] ends at the break rounded up to 4096")],
    "exp_mmap": [(mmap_adds_one_page,
                  "mmap of 20 bytes adds exactly one anonymous rw-p page"),
                 (mmap_page_lazy,
                  "the page is in memory only after the first write"),
                 (munmap_removes_page,
                  "munmap(ptr, 40) removes the whole page")],
    "exp_dontneed": [(private_a_b_a,
                      "MAP_PRIVATE reads a, then b, then a after DONTNEED"),
                     (shared_keeps_b,
                      "MAP_SHARED keeps b after DONTNEED, in the file too"),
                     (dontneed_pages,
                      "page views f # . f (private), f . (shared)")],
    "exp_brk_hole": [(hole_pages,
                      "pages 1-6: ......, ######, #...##, #... (5-6 gone)"),
                     (hole_break, "DONTNEED keeps the break, sbrk(-2 pages) "
                                  "lowers it by 2 pages")],
    "seed_brk": [(seed_brk_lines,
                  "prints the break, c1 = break + 0x80, then c1")],
    "seed_brk_maps": [(seed_heap_end,
                       "[heap] ends at c1 rounded up to 4096 after brk(c1)")],
    "seed_mmap": [(seed_mmap_page,
                   "mmap adds one anonymous page that munmap removes")],
    "seed_madvise_dontneed": [(seed_madvise_lines,
                               "prints a, then b, then a again")],
}
TIDE_ONLY = {
    "exp_mmap": [(mmap_diff_lines, "the maps diff is one 4 KiB line "
                                   "added, then removed")],
    "exp_brk_hole": [(lambda out: hole_rss(out, True),
                      "VmRSS +24, -12 (DONTNEED of 3 pages), -8 kB"),
                     (hole_memfree,
                      "MemFree moves by exactly the pages VmRSS moves")],
}
LINUX_ONLY = {
    "exp_brk_hole": [(lambda out: hole_rss(out, False),
                      "VmRSS +24 or more, then exactly -12 (DONTNEED of 3 "
                      "pages) and -8 kB")],
}
STRACE = (("seed_brk", [(strace_brk_calls, "sbrk is no system call: the "
                         "only break calls are brk(NULL) and brk(B + 0x80)"),
                        (strace_brk_text, "the trace is strace's text, "
                         "from execve to +++ exited with 0 +++"),
                        (strace_columns, "results start in column 40, "
                         "as strace prints them")]),
          ("exp_mmap", [(strace_mmap, "mmap(NULL, 20, PROT_READ|PROT_WRITE, "
                         "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = the address"),
                        (strace_munmap, "munmap(address, 40) = 0")]))


# ---- the run -------------------------------------------------------------


def tail(text, n=30):
    return "\n".join(text.rstrip("\n").splitlines()[-n:])


def check(report, name, fn, out):
    try:
        ok, seen = fn(out)
    except Missing as e:
        ok, seen = False, str(e)
    except (ValueError, IndexError, KeyError) as e:  # output unlike any run
        ok, seen = False, f"{type(e).__name__}: {e}"
    report(bool(ok), f"experiments: {name}",
           "" if ok else f"{seen}\n--- output (end) ---\n{tail(out)}")


def run(report, qemu_run_program=None, build_dir="build"):
    """Runs every experiment on tide and on this host's Linux and reports
    each check with report(ok, name, detail).  qemu_run_program(run_arg,
    timeout) -> (QEMU status, console text) boots tide with run=run_arg;
    without it the module boots QEMU itself (boot_tide)."""
    if qemu_run_program is None:
        def qemu_run_program(run_arg, timeout):
            return boot_tide(build_dir, run_arg, timeout)

    tide = {}
    for name in EXPERIMENTS + SEEDS:
        arg = f"/bin/{name}" + (",/tmp/x" if name == "seed_madvise_dontneed"
                                else "")
        tide[name] = qemu_run_program(arg, BOOT_TIMEOUT)

    linux_dir = os.path.join(build_dir, "linux-experiments")
    errors = build_linux(linux_dir)
    report(not errors, "experiments: the programs build with the host's gcc",
           "\n".join(errors))
    linux = {}
    for name in EXPERIMENTS + SEEDS:
        exe = os.path.abspath(os.path.join(linux_dir, name))
        data = os.path.abspath(os.path.join(linux_dir, f"{name}.dat"))
        args = [data] if name in ("exp_dontneed", "seed_madvise_dontneed") \
            else []
        linux[name] = run_linux([exe, *args]) if os.path.exists(exe) \
            else (None, f"{exe} was not built\n")

    for name in EXPERIMENTS + SEEDS:
        status, console = tide[name]
        code, out = tide_program_output(console)
        report(code == 0 and status == expected_qemu_status(0),
               f"experiments: tide: {name} exits with status 0",
               f"exit status {code}, QEMU status {status}\n{tail(console)}")
        for fn, what in CHECKS[name] + TIDE_ONLY.get(name, []):
            check(report, f"tide: {name}: {what}", fn, out)

        lstatus, lout = linux[name]
        report(lstatus == 0, f"experiments: linux: {name} exits with status 0",
               f"exit status {lstatus}\n{tail(lout)}")
        for fn, what in CHECKS[name] + LINUX_ONLY.get(name, []):
            check(report, f"linux: {name}: {what}", fn, lout)

        if name in SEEDS:
            same = without_addresses(out) == without_addresses(lout)
            report(same, f"experiments: {name}: tide prints Linux's lines, "
                         "addresses aside",
                   "tide:\n" + "\n".join(without_addresses(out)) +
                   "\nlinux:\n" + "\n".join(without_addresses(lout)))

    for name, checks in STRACE:
        status, console = qemu_run_program(f"/bin/strace,{name}", BOOT_TIMEOUT)
        code, out = tide_program_output(console)
        report(code == 0 and status == expected_qemu_status(0),
               f"experiments: tide: strace {name} exits with status 0",
               f"exit status {code}, QEMU status {status}\n{tail(console)}")
        for fn, what in checks:
            check(report, f"tide: strace {name}: {what}", fn, out)


def main():
    counts = {"passed": 0, "failed": 0}

    def report(ok, name, detail=""):
        counts["passed" if ok else "failed"] += 1
        n = counts["passed"] + counts["failed"]
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        if not ok:
            for line in detail.rstrip().splitlines()[-40:]:
                print(f"#   {line}")
        sys.stdout.flush()

    run(report, None, os.environ.get("BUILD", "build"))
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
