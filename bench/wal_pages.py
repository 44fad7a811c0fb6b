#!/usr/bin/env python3
"""Which tables and indexes fill the write-ahead log: pages per commit, by B-tree.

Every page a commit changes is written to the log whole, synced, and later copied into the
database by a checkpoint, so pages per commit are what the writer's fsync and checkpoint
time scale with (docs/benchmarks.md). Run `gongkai-bench --workload lifecycle` against a
server, stop the server with `kill -9` (a clean stop checkpoints and empties the log), then:

    bench/wal_pages.py DB

reads DB-wal as SQLite wrote it (the frames of the current log generation, grouped into
commits by their commit markers) and names each page through the `dbstat` table of a copy
of the database. Standard library only.
"""

import collections
import shutil
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path

WAL_HEADER = struct.Struct(">8I")  # magic, version, page size, checkpoint seq, salts, checksums
FRAME_HEADER = struct.Struct(">4I")  # page number, commit size (0: not a commit), salts


def commits_in_log(wal: bytes):
    """The page numbers of each commit in the log's current generation."""
    _, _, page_size, _, salt1, salt2, _, _ = WAL_HEADER.unpack_from(wal, 0)
    offset, pages, commits = WAL_HEADER.size, [], []
    while offset + 24 + page_size <= len(wal):
        page, commit_size, frame_salt1, frame_salt2 = FRAME_HEADER.unpack_from(wal, offset)
        if (frame_salt1, frame_salt2) != (salt1, salt2):
            break  # frames of an earlier generation, already checkpointed
        pages.append(page)
        if commit_size:
            commits.append(pages)
            pages = []
        offset += 24 + page_size
    return commits


def page_owners(database: Path):
    """Page number -> table or index name, from a copy (opening it replays the log)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / database.name
        shutil.copy(database, copy)
        shutil.copy(str(database) + "-wal", str(copy) + "-wal")
        with sqlite3.connect(copy) as db:
            return dict(db.execute("SELECT pageno, name FROM dbstat"))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    database = Path(sys.argv[1])
    commits = commits_in_log(Path(str(database) + "-wal").read_bytes())
    if not commits:
        sys.exit("the log holds no commit (was the server stopped cleanly?)")
    owners = page_owners(database)
    by_owner = collections.Counter(owners.get(page, "?") for commit in commits for page in commit)
    frames = sum(len(commit) for commit in commits)
    print(f"{len(commits)} commits, {frames / len(commits):.1f} pages per commit")
    for owner, count in by_owner.most_common():
        print(f"{count / len(commits):8.1f}  {owner}")


if __name__ == "__main__":
    main()
