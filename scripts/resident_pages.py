#!/usr/bin/env python3
# Usage: python3 scripts/resident_pages.py target/debug/ecities  (CRATES=40, SYMS=40 for more)
"""Start `ecities serve` (as the memory bench does), wait, then map the
binary's resident pages (pagemap present bit) to ELF sections and symbols."""
import os, sys, subprocess, time, struct, tempfile, socket, urllib.request, bisect, collections, re

BIN = sys.argv[1]
WAIT = float(os.environ.get("WAIT", "2"))
PAGE = 4096

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def sections(path):
    out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True).stdout
    secs = []
    for line in out.splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and m.group(2) != "NULL":
            name, typ, addr, off, size = m.group(1), m.group(2), int(m.group(3), 16), int(m.group(4), 16), int(m.group(5), 16)
            if addr and size:
                secs.append((addr, addr + size, name, typ))
    return sorted(secs)

def symbols(path):
    out = subprocess.run(["nm", "-S", "--defined-only", "-C", path], capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[2].lower() in "tTrRdDbB":
            try:
                syms.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
            except ValueError:
                pass
    syms.sort()
    return syms

def crate_of(name):
    # demangled: <impl foo::Bar for baz::Qux>::f or foo::bar::baz
    n = name.lstrip("<&* ").replace("dyn ", "").replace("mut ", "")
    for prefix in ("impl ",):
        if n.startswith(prefix): n = n[len(prefix):]
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", n)
    return m.group(1) if m else "?"

def main():
    d = tempfile.mkdtemp()
    port = free_port()
    env = dict(os.environ)
    env.pop("ECITIES_CONFIG", None)
    env.update(ECITIES_BIND=f"127.0.0.1:{port}", ECITIES_PUBLIC_URL=f"http://localhost:{port}",
               ECITIES_DATABASE_URL=f"sqlite://{d}/data/ecities.db", ECITIES_DEV_MODE="1", ECITIES_LOG="warn")
    p = subprocess.Popen([BIN, "serve"], cwd=d, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200: break
            except Exception: time.sleep(0.05)
        time.sleep(WAIT)
        pid = p.pid
        status = open(f"/proc/{pid}/status").read()
        for k in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
            print(re.search(k + r":.*", status).group(0))
        print(open(f"/proc/{pid}/smaps_rollup").read().split("\n", 1)[1][:400])
        # mappings of the binary
        real = os.path.realpath(BIN)
        maps = []
        smaps = open(f"/proc/{pid}/smaps").read()
        cur = None
        others = collections.Counter()
        for line in smaps.splitlines():
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ \d+\s*(.*)", line)
            if m:
                cur = (int(m.group(1), 16), int(m.group(2), 16), m.group(3), int(m.group(4), 16), m.group(5))
                if m.group(5) == real or m.group(5).startswith(real):
                    maps.append(cur)
                continue
            if line.startswith("Rss:") and cur:
                kb = int(line.split()[1])
                others[(os.path.basename(cur[4]) or "[anon]", cur[2])] += kb
        print("Rss by mapping (kB):")
        for k, v in sorted(others.items(), key=lambda x: -x[1])[:14]:
            print(f"  {v:8d} {k}")
        base = min(m[0] - m[3] for m in maps)
        secs = sections(BIN)
        syms = symbols(BIN)
        sym_starts = [s[0] for s in syms]
        resident = []
        with open(f"/proc/{pid}/pagemap", "rb") as pm:
            for (start, end, perm, off, name) in maps:
                pm.seek(start // PAGE * 8)
                data = pm.read((end - start) // PAGE * 8)
                for i in range((end - start) // PAGE):
                    e = struct.unpack_from("<Q", data, i * 8)[0]
                    if e >> 63 & 1:
                        resident.append((start + i * PAGE - base, perm, bool(e >> 61 & 1)))
        by_sec = collections.Counter(); sec_size = {}
        for (a, b, n, t) in secs: sec_size[n] = b - a
        by_crate = collections.Counter(); by_sym = collections.Counter()
        file_pages = sum(1 for r in resident if r[2]); anon_pages = len(resident) - file_pages
        print(f"binary: {len(resident)} resident pages ({len(resident)*4} kB): file {file_pages*4} kB, anon (written) {anon_pages*4} kB")
        for (va, perm, filep) in resident:
            names = [n for (a, b, n, t) in secs if a < va + PAGE and b > va]
            for n in names or ["(headers/gap)"]:
                by_sec[n] += 1 / max(1, len(names))
            # symbols overlapping page: attribute bytes
            i = bisect.bisect_right(sym_starts, va + PAGE) - 1
            while i >= 0 and syms[i][0] + max(syms[i][1], 1) > va - 1_000_000:
                s0, sz, nm = syms[i]
                ov = min(s0 + sz, va + PAGE) - max(s0, va)
                if ov > 0:
                    by_crate[crate_of(nm)] += ov; by_sym[nm] += ov
                if s0 < va - 65536: break
                i -= 1
        print("resident kB by section (of section size kB):")
        for n, c in sorted(by_sec.items(), key=lambda x: -x[1]):
            print(f"  {c*4:9.0f} / {sec_size.get(n,0)/1024:8.0f}  {n}")
        if os.environ.get("CRATES"):
            tot = collections.Counter()
            for (s0, sz, nm) in syms: tot[crate_of(nm)] += sz
            print("resident symbol bytes by crate (kB resident / kB total):")
            for n, c in by_crate.most_common(int(os.environ["CRATES"])):
                print(f"  {c/1024:9.0f} / {tot[n]/1024:8.0f}  {n}")
        if os.environ.get("SYMS"):
            for n, c in by_sym.most_common(int(os.environ["SYMS"])):
                print(f"  {c/1024:9.1f}  {n[:150]}")
        if os.environ.get("DUMP"):
            with open(os.environ["DUMP"], "w") as f:
                for (va, perm, filep) in resident: f.write(f"{va:x} {perm} {int(filep)}\n")
    finally:
        p.kill(); p.wait()

main()
