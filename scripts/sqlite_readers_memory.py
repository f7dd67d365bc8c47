#!/usr/bin/env python3
# Usage: PRACTICES=500 python3 scripts/sqlite_readers_memory.py target/debug/ecities 0 2 4
"""RSS of `ecities serve` on SQLite with database.sqlite_readers = N: idle after
start, after publishing practices, and after concurrent searches."""
import os, sys, subprocess, time, tempfile, socket, json, urllib.request, threading, re
BIN = sys.argv[1]; N_PRACTICES = int(os.environ.get("PRACTICES", "2000"))

def port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def rss(pid):
    st = open(f"/proc/{pid}/status").read()
    g = lambda k: int(re.search(k + r":\s+(\d+)", st).group(1))
    roll = open(f"/proc/{pid}/smaps_rollup").read()
    r = lambda k: int(re.search(k + r":\s+(\d+)", roll).group(1))
    threads = [open(f"/proc/{pid}/task/{t}/comm").read().strip() for t in os.listdir(f"/proc/{pid}/task")]
    return dict(rss=g("VmRSS"), anon=g("RssAnon"), file=g("RssFile"), pss=r("Pss"),
                uss=r("Private_Clean") + r("Private_Dirty"), sqlite_threads=sum(1 for t in threads if "sqlite" in t))

def run(readers):
    d = tempfile.mkdtemp(); p = port()
    cfg = os.path.join(d, "ecities.toml")
    extra = "" if readers is None else f"sqlite_readers = {readers}\n"
    open(cfg, "w").write(f'[database]\nurl = "sqlite://{d}/data/ecities.db"\n{extra}')
    env = dict(os.environ, ECITIES_CONFIG=cfg, ECITIES_BIND=f"127.0.0.1:{p}", ECITIES_PUBLIC_URL=f"http://localhost:{p}",
               ECITIES_DEV_MODE="1", ECITIES_LOG="warn")
    env.pop("ECITIES_DATABASE_URL", None)
    sh = lambda *a: subprocess.run([BIN, *a], cwd=d, env=env, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1].strip()
    sh("actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR")
    token = sh("token", "create", "--actor", "seoul")
    node = subprocess.Popen([BIN, "serve"], cwd=d, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{p}/healthz", timeout=1).status == 200: break
            except Exception: time.sleep(0.05)
        time.sleep(2); idle = rss(node.pid)
        def publisher(w):
            for i in range(w, N_PRACTICES, 8):
                body = json.dumps({"title": f"Practice number {i}", "summary": "A practice for the memory benchmark.",
                    "content": "Several sentences of content that a city would write about its practice. " * 8,
                    "language": "en", "kind": "best_practice", "sdgs": [1 + i % 17], "country": "KR"}).encode()
                rq = urllib.request.Request(f"http://127.0.0.1:{p}/api/v1/practices", data=body, method="POST",
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                assert urllib.request.urlopen(rq).status == 201
        ts = [threading.Thread(target=publisher, args=(w,)) for w in range(8)]; [t.start() for t in ts]; [t.join() for t in ts]
        time.sleep(1); published = rss(node.pid)
        words = ["practice", "city", "number", "content", "sentences", "memory", "benchmark", "several"]
        def searcher(w):
            for i in range(25):
                q = words[(w + i) % len(words)]
                urllib.request.urlopen(f"http://127.0.0.1:{p}/api/v1/practices?q={q}&sdg={1 + (i % 17)}&limit=20").read()
        t0 = time.time()
        ts = [threading.Thread(target=searcher, args=(w,)) for w in range(8)]; [t.start() for t in ts]; [t.join() for t in ts]
        secs = time.time() - t0
        time.sleep(1); searched = rss(node.pid)
        print(f"readers={readers}: idle {idle}\n   after {N_PRACTICES} publishes {published}\n   after 200 searches ({secs:.1f} s, 8 clients) {searched}", flush=True)
    finally:
        node.kill(); node.wait()

for r in sys.argv[2:]:
    run(None if r == "default" else int(r))
