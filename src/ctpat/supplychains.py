"""Supply chains: who supplies whom, and every partner upstream of a participant.

>>> chain = SupplyChain({"importer": ["forwarder", "factory"], "factory": ["mill"]})
>>> list(chain.upstream("importer"))
['forwarder', 'factory', 'mill']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

import attrs

from ctpat.errors import DataError

__all__ = ["SupplyChain"]


def _links(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise DataError.at("links", value, "must map a participant id to its upstream partners")
    links: dict[str, tuple[str, ...]] = {}
    for node, upstream in value.items():
        if type(node) is not str or not node:
            raise DataError.at("links", node, "a participant id must be a non-empty string")
        if isinstance(upstream, str) or not isinstance(upstream, Iterable):
            raise DataError.at(f"links.{node}", upstream, "must be a list of participant ids")
        partners = tuple(upstream)
        for partner in partners:
            if type(partner) is not str or not partner:
                raise DataError.at(f"links.{node}", partner, "must be a participant id")
        links[node] = partners
    return links


@attrs.frozen(eq=False)
class SupplyChain:
    """Who supplies whom: each participant id mapped to its upstream partners.

    Cycles are allowed (two companies may supply each other); every partner is
    visited once. Raises :class:`~ctpat.errors.DataError` naming ``links`` for
    a value that is not a mapping of participant ids to lists of ids.

    >>> chain = SupplyChain({"importer": ["forwarder", "factory"], "factory": ["mill"], "mill": ["factory"]})
    >>> chain.upstream("importer")
    {'forwarder': ('importer', 'forwarder'), 'factory': ('importer', 'factory'), 'mill': ('importer', 'factory', 'mill')}
    """

    links: Mapping[str, tuple[str, ...]] = attrs.field(converter=_links)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> SupplyChain:
        """A chain from ``(participant, upstream partner)`` pairs.

        Raises :class:`~ctpat.errors.DataError` naming a pair that is not two ids.
        """
        links: dict[str, list[str]] = {}
        for index, pair in enumerate(pairs):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise DataError.at(
                    f"pairs[{index}]", pair, "must be a (participant, partner) pair"
                )
            node, partner = pair
            links.setdefault(node, []).append(partner)
        return cls(links)

    def upstream(self, root: str) -> dict[str, tuple[str, ...]]:
        """Every partner upstream of ``root`` with the shortest path to it from ``root``.

        Breadth first, so each partner is reached once, by a shortest path, in
        a deterministic order; ``root`` itself is not included. A root with no
        partners has none upstream. Raises ``TypeError`` for an argument of
        the wrong type.
        """
        paths: dict[str, tuple[str, ...]] = {}
        queue: deque[tuple[str, tuple[str, ...]]] = deque([(root, (root,))])
        seen = {root}
        while queue:
            node, path = queue.popleft()
            for partner in self.links.get(node, ()):
                if partner not in seen:
                    seen.add(partner)
                    paths[partner] = (*path, partner)
                    queue.append((partner, paths[partner]))
        return paths
