"""A layered (Sugiyama-style) layout in plain Python, for drawing guides as trees.

Steps: break cycles (reverse back edges found by a depth-first search), assign layers by
longest path, turn every edge into a chain through the layers in between (its label gets a
node of its own, so labels never overlap boxes), order each layer by barycentres to reduce
crossings, then place nodes horizontally by least squares (pool-adjacent-violators) so each
sits near its neighbours without overlapping. No graphviz binary, no Qt.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

Point = tuple[float, float]
# A cubic Bezier segment: start, control 1, control 2, end.
Curve = tuple[Point, Point, Point, Point]


@dataclass
class LNode:
    """A node to lay out; `x`, `y` are its centre once laid out."""

    id: str
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0
    rank: int = 0
    virtual: str = ""  # "" for a real node, "label" or "dummy" for edge chain nodes
    row_top: float = 0.0
    row_bottom: float = 0.0


@dataclass
class LEdge:
    """A directed edge, with an optional label box (width, height) laid out on its way."""

    source: str
    target: str
    label_size: tuple[float, float] | None = None
    reversed: bool = False
    chain: list[str] = field(default_factory=list)
    label_centre: Point | None = None
    curves: list[Curve] = field(default_factory=list)


@dataclass
class Spacing:
    node_gap: float = 28.0  # between neighbours in a row
    dummy_gap: float = 10.0  # between two edge chains
    row_gap: float = 22.0  # between rows
    margin: float = 24.0
    sweeps: int = 16


def _find_back_edges(order: Sequence[str], edges: list[LEdge]) -> None:
    succ: dict[str, list[LEdge]] = {n: [] for n in order}
    for e in edges:
        succ[e.source].append(e)
    state: dict[str, int] = {}  # 1 on stack, 2 done
    for root in order:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack.pop()
            if i < len(succ[node]):
                stack.append((node, i + 1))
                e = succ[node][i]
                if state.get(e.target) == 1:
                    e.reversed = True
                elif e.target not in state:
                    state[e.target] = 1
                    stack.append((e.target, 0))
            else:
                state[node] = 2


def _layers(order: Sequence[str], edges: list[LEdge]) -> dict[str, int]:
    preds: dict[str, list[str]] = {n: [] for n in order}
    for e in edges:
        s, t = (e.target, e.source) if e.reversed else (e.source, e.target)
        if s != t:
            preds[t].append(s)
    layer: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(n: str) -> int:
        # Iterative longest path from any source (the graph is acyclic once reversed;
        # `visiting` guards against a cycle all the same).
        todo = [n]
        while todo:
            cur = todo[-1]
            visiting.add(cur)
            missing = [p for p in preds[cur] if p not in layer and p not in visiting]
            if missing:
                todo.extend(missing)
                continue
            todo.pop()
            visiting.discard(cur)
            layer[cur] = max((layer[p] + 1 for p in preds[cur] if p in layer), default=0)
        return layer[n]

    for n in order:
        depth(n)
    return layer


def _pair_crossings(a: list[int], b: list[int]) -> int:
    """Crossings between the edges of two neighbours (a left of b), given the positions of
    their neighbours in one adjacent row."""
    return sum(1 for x in a for y in b if x > y)


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the nondecreasing fit nearest `values` in weighted squares."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for v, w in zip(values, weights, strict=True):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for m, _, c in blocks:
        out.extend([m] * int(c))
    return out


class Layout:
    """Lays out nodes and edges; read `nodes`, `edges`, `width` and `height` afterwards."""

    def __init__(self, nodes: Sequence[LNode], edges: Sequence[LEdge],
                 spacing: Spacing | None = None):
        self.sp = spacing or Spacing()
        self.nodes: dict[str, LNode] = {n.id: n for n in nodes}
        self.order = [n.id for n in nodes]
        self.edges = list(edges)
        self.rows: list[list[str]] = []
        self.crossings = 0
        self._up: dict[str, list[str]] = {}
        self._down: dict[str, list[str]] = {}
        self._pos: list[dict[str, int]] = []
        self.width = 0.0
        self.height = 0.0

    # -- the pipeline ------------------------------------------------------------------------

    def run(self) -> Layout:
        _find_back_edges(self.order, self.edges)
        layer = _layers(self.order, self.edges)
        for nid, n in self.nodes.items():
            n.rank = 2 * layer[nid]
        self._chains()
        self._order_rows()
        self._place_x()
        self._place_y()
        self._route()
        return self

    def _chains(self) -> None:
        count = 0
        for e in self.edges:
            s, t = (e.target, e.source) if e.reversed else (e.source, e.target)
            if s == t:
                continue
            r0, r1 = self.nodes[s].rank, self.nodes[t].rank
            for rank in range(r0 + 1, r1):
                count += 1
                labelled = rank == r0 + 1 and e.label_size is not None
                w, h = e.label_size if (labelled and e.label_size) else (2.0, 0.0)
                vid = f"\0{count}"
                self.nodes[vid] = LNode(vid, w, h, rank=rank,
                                        virtual="label" if labelled else "dummy")
                e.chain.append(vid)
        top = max((n.rank for n in self.nodes.values()), default=0)
        self.rows = [[] for _ in range(top + 1)]
        # Initial order: a breadth-first walk, so children start near their parents.
        seen: set[str] = set()
        links = self._links()
        queue = [n for n in self.order if self.nodes[n].rank == 0]
        while queue:
            nxt: list[str] = []
            for nid in queue:
                if nid in seen:
                    continue
                seen.add(nid)
                self.rows[self.nodes[nid].rank].append(nid)
                nxt.extend(links.get(nid, []))
            queue = nxt
        for nid, n in self.nodes.items():
            if nid not in seen:
                self.rows[n.rank].append(nid)

    def _links(self) -> dict[str, list[str]]:
        """Adjacent-row links (upper -> lower) along every edge chain."""
        out: dict[str, list[str]] = {}
        for s, t in self._pairs():
            out.setdefault(s, []).append(t)
        return out

    def _pairs(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for e in self.edges:
            s, t = (e.target, e.source) if e.reversed else (e.source, e.target)
            if s == t:
                continue
            path = [s, *e.chain, t]
            pairs.extend(itertools.pairwise(path))
        return pairs

    def _order_rows(self) -> None:
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        for a, b in self._pairs():
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
        self._up, self._down = up, down
        best = [list(r) for r in self.rows]
        best_count = self._total()
        for sweep in range(self.sp.sweeps):
            downward = sweep % 2 == 0
            rng = range(1, len(self.rows)) if downward else range(len(self.rows) - 2, -1, -1)
            for r in rng:
                ref = self.rows[r - 1] if downward else self.rows[r + 1]
                pos = {n: i for i, n in enumerate(ref)}
                nbrs = up if downward else down
                row = self.rows[r]
                keys = {}
                for i, n in enumerate(row):
                    ps = [pos[m] for m in nbrs.get(n, []) if m in pos]
                    keys[n] = sum(ps) / len(ps) if ps else float(i) * len(ref) / max(len(row), 1)
                row.sort(key=lambda n: keys[n])
            self._transpose()
            count = self._total()
            if count < best_count:
                best, best_count = [list(r) for r in self.rows], count
            if best_count == 0:
                break
        self.rows = best
        self.crossings = best_count

    def _total(self) -> int:
        """Edge crossings over the whole drawing."""
        total = 0
        for r in range(len(self.rows) - 1):
            pos = {n: i for i, n in enumerate(self.rows[r + 1])}
            seq = [sorted(pos[m] for m in self._down.get(n, []) if m in pos)
                   for n in self.rows[r]]
            # Count inversions across groups (edges from one node never cross each other).
            seen: list[int] = []
            for group in seq:
                total += sum(1 for x in group for y in seen if y > x)
                seen.extend(group)
        return total

    def _swap_cost(self, r: int, u: str, v: str) -> int:
        """Crossings between u's and v's edges when u stands left of v."""
        cost = 0
        for rows, nbrs in ((r - 1, self._up), (r + 1, self._down)):
            if not 0 <= rows < len(self.rows):
                continue
            pos = self._pos[rows]
            a = [pos[m] for m in nbrs.get(u, []) if m in pos]
            b = [pos[m] for m in nbrs.get(v, []) if m in pos]
            cost += _pair_crossings(a, b)
        return cost

    def _transpose(self) -> None:
        """Swap neighbours in a row while that removes crossings."""
        self._pos = [{n: i for i, n in enumerate(row)} for row in self.rows]
        improved = True
        rounds = 0
        while improved and rounds < 6:
            improved = False
            rounds += 1
            for r, row in enumerate(self.rows):
                for i in range(len(row) - 1):
                    u, v = row[i], row[i + 1]
                    if self._swap_cost(r, v, u) < self._swap_cost(r, u, v):
                        row[i], row[i + 1] = v, u
                        self._pos[r][u], self._pos[r][v] = i + 1, i
                        improved = True

    def _gap(self, a: LNode, b: LNode) -> float:
        if a.virtual == "dummy" and b.virtual == "dummy":
            return self.sp.dummy_gap
        if a.virtual == "label" and b.virtual == "label":
            return self.sp.node_gap * 0.5
        return self.sp.node_gap

    def _pack(self, row: list[str], desired: dict[str, float]) -> None:
        nodes = [self.nodes[n] for n in row]
        offsets = [0.0]
        for a, b in itertools.pairwise(nodes):
            offsets.append(offsets[-1] + (a.w + b.w) / 2 + self._gap(a, b))
        weights = [1.0 if not n.virtual else (0.7 if n.virtual == "label" else 0.4)
                   for n in nodes]
        z = _isotonic([desired[n.id] - o for n, o in zip(nodes, offsets, strict=True)], weights)
        for n, zi, o in zip(nodes, z, offsets, strict=True):
            n.x = zi + o

    def _place_x(self) -> None:
        for row in self.rows:
            self._pack(row, {n: 0.0 for n in row})
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        for a, b in self._pairs():
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
        for it in range(24):
            rows = list(range(len(self.rows)))
            if it % 2:
                rows.reverse()
            for r in rows:
                desired = {}
                for n in self.rows[r]:
                    nb = up.get(n, []) + down.get(n, []) if it >= 16 else (
                        up.get(n, []) if it % 2 == 0 else down.get(n, []))
                    xs = [self.nodes[m].x for m in nb]
                    desired[n] = sum(xs) / len(xs) if xs else self.nodes[n].x
                self._pack(self.rows[r], desired)
        self._straighten()
        left = min((v.x - v.w / 2 for v in self.nodes.values()), default=0.0)
        for v in self.nodes.values():
            v.x += self.sp.margin - left
        self.width = max((v.x + v.w / 2 for v in self.nodes.values()), default=0.0) + \
            self.sp.margin

    def _straighten(self) -> None:
        """Give each long edge one straight line where its neighbours leave room."""
        index = {n: (r, i) for r, row in enumerate(self.rows) for i, n in enumerate(row)}

        def room(vid: str) -> tuple[float, float]:
            r, i = index[vid]
            row, v = self.rows[r], self.nodes[vid]
            lo, hi = float("-inf"), float("inf")
            if i > 0:
                a = self.nodes[row[i - 1]]
                lo = a.x + (a.w + v.w) / 2 + self._gap(a, v)
            if i + 1 < len(row):
                b = self.nodes[row[i + 1]]
                hi = b.x - (b.w + v.w) / 2 - self._gap(v, b)
            return lo, hi

        for _ in range(2):
            for e in self.edges:
                run = [v for v in e.chain if self.nodes[v].virtual == "dummy"]
                start = 0
                while start < len(run):
                    # The longest stretch from `start` that one x can serve.
                    lo, hi = room(run[start])
                    end = start + 1
                    while end < len(run):
                        a, b = room(run[end])
                        if max(lo, a) > min(hi, b):
                            break
                        lo, hi = max(lo, a), min(hi, b)
                        end += 1
                    xs = sorted(self.nodes[v].x for v in run[start:end])
                    target = min(max(xs[len(xs) // 2], lo), hi)
                    for v in run[start:end]:
                        self.nodes[v].x = target
                    start = end

    def _place_y(self) -> None:
        y = self.sp.margin
        for row in self.rows:
            h = max((self.nodes[n].h for n in row), default=0.0)
            for n in row:
                node = self.nodes[n]
                node.y, node.row_top, node.row_bottom = y + h / 2, y, y + h
            y += h + self.sp.row_gap
        self.height = y - self.sp.row_gap + self.sp.margin

    # -- edges -----------------------------------------------------------------------------

    def _route(self) -> None:
        out_ports = self._ports(outgoing=True)
        in_ports = self._ports(outgoing=False)
        for i, e in enumerate(self.edges):
            s, t = (e.target, e.source) if e.reversed else (e.source, e.target)
            if s == t:
                n = self.nodes[s]
                x0, y0 = n.x + n.w / 2, n.y
                e.curves = [((x0, y0 - 8), (x0 + 36, y0 - 24), (x0 + 36, y0 + 24), (x0, y0 + 8))]
                continue
            a, b = self.nodes[s], self.nodes[t]
            pts: list[Point] = [(out_ports[(i, s)], a.y + a.h / 2)]
            for vid in e.chain:
                v = self.nodes[vid]
                if v.virtual == "label":
                    e.label_centre = (v.x, v.y)
                # An edge crosses a row straight down, from the row's top to its bottom.
                pts.append((v.x, v.row_top))
                pts.append((v.x, v.row_bottom))
            pts.append((in_ports[(i, t)], b.y - b.h / 2))
            curves: list[Curve] = []
            for j, (p, q) in enumerate(itertools.pairwise(pts)):
                if j % 2 == 0:  # between rows: an S-curve with vertical ends
                    dy = (q[1] - p[1]) / 2
                    curves.append((p, (p[0], p[1] + dy), (q[0], q[1] - dy), q))
                else:  # through a chain node: straight down
                    curves.append((p, p, q, q))
            if e.reversed:
                curves = [(d, c, b_, a_) for a_, b_, c, d in reversed(curves)]
            e.curves = curves

    def _ports(self, outgoing: bool) -> dict[tuple[int, str], float]:
        """Where each edge leaves (or enters) a box: spread along its edge, in x order."""
        groups: dict[str, list[tuple[float, int]]] = {}
        for i, e in enumerate(self.edges):
            s, t = (e.target, e.source) if e.reversed else (e.source, e.target)
            if s == t:
                continue
            path = [s, *e.chain, t]
            node, other = (path[0], path[1]) if outgoing else (path[-1], path[-2])
            groups.setdefault(node, []).append((self.nodes[other].x, i))
        ports: dict[tuple[int, str], float] = {}
        for node, items in groups.items():
            n = self.nodes[node]
            items.sort()
            usable = n.w * 0.7
            for k, (_, i) in enumerate(items):
                frac = (k + 1) / (len(items) + 1)
                ports[(i, node)] = n.x - usable / 2 + usable * frac
        return ports
