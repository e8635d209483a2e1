#!/usr/bin/env python3
"""Errors by stage: which stage of the coder lost each gold event it missed.

    python3 tools/stages.py ../shared/gold/real-dev.jsonl [-v]

Codes each gold item with the release binary (`target/release/demarche`, or
$DEMARCHE_BIN) and its debug trace, then classes every missed required event:
`actor missed (source|target)` when no mention of the sentence trace names the
actor, `trigger missed` when no event phrase of a gold root matched, `code wrong`
when the pair was coded with another root, `role wrong` when it was coded the
other way round, `assembly missed` otherwise (actors and trigger were there, no
event joined them). Unmatched predictions are classed as false positives: a wrong
code for a gold pair, the wrong direction, the same actor on both sides, spurious
(on an item with events, or on a no-event item). `-v` lists each miss.
(Do not run it on real-check.jsonl: that file is scored, never read.)
"""
import json, subprocess, sys, re, collections, os, tempfile
gold_path = sys.argv[1]
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get('DEMARCHE_BIN', os.path.join(repo, 'target/release/demarche'))
items = [json.loads(l) for l in open(gold_path)]
pat_code = {}
for f in sorted(os.listdir(os.path.join(repo, 'data/patterns'))):
    if not (f.startswith('events') and f.endswith('.tsv')): continue
    path = os.path.join(repo, 'data/patterns', f)
    if not os.path.exists(path): continue
    for line in open(path):
        if line.startswith('#') or line.startswith('code\t'): continue
        p = line.rstrip('\n').split('\t')
        if len(p) >= 2: pat_code[p[1]] = p[0]
ansi = re.compile(r'\x1b\[[0-9;]*m')
stages = collections.Counter()
fp_stage = collections.Counter()
detail = []
for it in items:
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as f:
        f.write(it['text']); name = f.name
    r = subprocess.run([binary, 'code', '--date', it['date'], '--format', 'jsonl', name],
                       env=dict(os.environ, DEMARCHE_LOG='demarche_coder=debug', NO_COLOR='1'),
                       capture_output=True, text=True)
    os.unlink(name)
    err = ansi.sub('', r.stderr)
    actors = set(re.findall(r'\(\d+, \d+, "([^"]+)"', err))
    roots = set()
    for p in re.findall(r'pattern=(.*?) start=', err):
        c = pat_code.get(p.strip())
        if c: roots.add(c[:2])
    preds = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    ptrip = [(p['source'], p['target'], p['code'][:2]) for p in preds]
    matched = set()
    for e in it['events']:
        rts = {e['code'][:2]} | {a[:2] for a in e.get('alt_codes', [])}
        hit = [i for i, t in enumerate(ptrip) if t[0] == e['source'] and t[1] == e['target'] and t[2] in rts]
        if hit:
            matched.update(hit)
            if not e.get('optional'): stages['tp'] += 1
            continue
        if e.get('optional'): continue
        if e['source'] not in actors: st = 'actor missed (source)'
        elif e['target'] not in actors: st = 'actor missed (target)'
        elif not (rts & roots): st = 'trigger missed'
        elif any(t[0] == e['source'] and t[1] == e['target'] for t in ptrip): st = 'code wrong'
        elif any(set(t[:2]) == {e['source'], e['target']} and t[2] in rts for t in ptrip): st = 'role wrong'
        else: st = 'assembly missed'
        stages[st] += 1
        detail.append((it['id'], st, e['source'], e['target'], e['code']))
    for i, t in enumerate(ptrip):
        if i in matched: continue
        pair = [e for e in it['events'] if e['source'] == t[0] and e['target'] == t[1]]
        rev = [e for e in it['events'] if e['source'] == t[1] and e['target'] == t[0]]
        if pair: fp_stage['FP code wrong'] += 1
        elif rev: fp_stage['FP role wrong'] += 1
        elif t[0] == t[1]: fp_stage['FP same actor'] += 1
        elif not it['events']: fp_stage['FP spurious (no-event item)'] += 1
        else: fp_stage['FP spurious'] += 1
print(gold_path)
for k, v in sorted(stages.items()): print(f'  {k}: {v}')
for k, v in sorted(fp_stage.items()): print(f'  {k}: {v}')
if '-v' in sys.argv:
    for d in detail: print(*d)
