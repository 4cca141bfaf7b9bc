"""The LEX export bundle: a folder with manifest.json and one JSON Lines file per entity."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path

from connectors.base import FileCursor
from connectors.lex_fields import FUTURE_TOLERANCE, FieldError, parse_rfc3339, redacted, utc_text
from connectors.lex_mapping import DEPENDS_ON, ENTITIES, LexMapper, References
from connectors.lex_vocabulary import MissingReference
from data.loading import Item, Rejected, utcnow

MANIFEST = "manifest.json"
SUPPORTED_MAJOR = 1
UNPARSEABLE = json.dumps({"line": "<unparseable, not stored>"})


class BundleReader:
    """Reads the changed files of a bundle in entity order; unchanged files only where others refer to them."""

    def __init__(self, connector, state: dict):
        self.connector, self.state = connector, state
        self.next_state: dict = {}

    def items(self) -> Iterator[Item]:
        folder = self._folder()
        manifest = self._manifest(folder)
        exported_at = manifest["exported_at"]
        files = self._entity_files(folder)
        cursor = FileCursor(self.state)
        changed = {path: digest for path, digest in cursor.changed(list(files.values()))}
        refs = References(origin=lambda entity: f"{entity}.jsonl of this bundle")
        mapper = LexMapper(self.connector.name, self.connector.pseudonymise, manifest["platform_url"],
                           exported_at, refs)
        mapper.pending = dict(self.state.get("pending_sessions", {}))
        changed_entities = {entity for entity, path in files.items() if path in changed}
        if any(parse_rfc3339(start, "start") <= exported_at for start in mapper.pending.values()):
            changed_entities.add("sessions")  # sessions have started since: their hosts count now
        # A moved session moves its attendance: records are read again when what they refer to changed.
        to_read = changed_entities | {entity for entity, deps in DEPENDS_ON.items() if changed_entities & set(deps)}
        needed = {dep for entity in to_read for dep in DEPENDS_ON.get(entity, ())}
        for entity, path in files.items():
            if entity == "sessions" and entity in to_read | needed:
                mapper.pending.clear()
            if entity in to_read:
                self._check_count(path, entity, manifest)
                yield from self._read(path, entity, mapper)
                if path in changed:
                    cursor.mark(path, changed[path])
            elif entity in needed:
                for _ in self._read(path, entity, mapper):  # only for the references it leaves behind
                    pass
        self.next_state = {**cursor.state(), "exported_at": utc_text(exported_at), "pending_sessions": mapper.pending}

    def _last_export(self):
        text = self.state.get("exported_at")
        return parse_rfc3339(text, "exported_at") if text else None

    def _folder(self) -> Path:
        folder = Path(self.connector.config["path"])
        if not folder.is_absolute():
            folder = self.connector.base_dir / folder
        if not folder.is_dir():
            raise self.connector.fail(f"path '{self.connector.config['path']}'", "is not a folder",
                                      "Point path at the bundle folder that holds manifest.json "
                                      "(relative paths start at the folder of sources.toml).")
        return folder

    def _manifest(self, folder: Path) -> dict:
        path = folder / MANIFEST
        fail = self.connector.fail
        if not path.is_file():
            raise fail(f"folder {folder}", "has no manifest.json",
                       "A LEX bundle is a folder with manifest.json and one .jsonl file per entity; export it again.")
        try:
            document = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise fail(f"file {path}", f"is not UTF-8 JSON ({exc})", "Export the bundle again.") from None
        if not isinstance(document, dict):
            raise fail(f"file {path}", "is not a JSON object", "Export the bundle again.")
        version = document.get("format_version")
        if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+", version):
            raise fail(f"file {path}", "format_version is missing or not of the form '1.0'",
                       "Export the bundle with a format_version, see docs/connectors/lex.md.")
        if int(version.split(".")[0]) != SUPPORTED_MAJOR:
            raise fail(f"file {path}", f"format_version {version} is not supported (this Dirigent reads 1.x)",
                       "Update Dirigent, or export the bundle in format 1.x.")
        try:
            exported_at = parse_rfc3339(document.get("exported_at") or "", "exported_at")
        except FieldError as exc:
            raise fail(f"file {path}", str(exc), "The manifest needs exported_at as an RFC 3339 date-time.") from None
        if exported_at > utcnow() + FUTURE_TOLERANCE:
            raise fail(f"file {path}", f"exported_at {document['exported_at']} lies in the future",
                       "Check the exporting system's clock and export again.")
        last = self._last_export()
        if last and last > exported_at:
            raise fail(f"file {path}", f"this bundle was exported {utc_text(exported_at)}, before the bundle "
                       f"synced last ({self.state['exported_at']})",
                       "Point path at the newest export, or sync with --full to load this older one anyway.")
        url = document.get("platform_url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise fail(f"file {path}", "platform_url is missing or not an http(s) URL",
                       "The manifest needs the platform's address, e.g. https://lex.example.com.")
        counts = document.get("records") or {}
        if not isinstance(counts, dict):
            raise fail(f"file {path}", "records must be an object of entity -> number of records",
                       "Export the bundle again.")
        return {"exported_at": exported_at, "platform_url": url, "records": counts}

    def _entity_files(self, folder: Path) -> dict[str, Path]:
        """entity -> file, in the order the entities are read; anything unknown stops the sync."""
        found, unknown = {}, []
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.name == MANIFEST:
                continue
            if path.is_file() and path.suffix == ".jsonl" and path.stem in ENTITIES:
                found[path.stem] = path
            else:
                unknown.append(path.name)
        if unknown:
            raise self.connector.fail(
                f"folder {folder}", f"holds {', '.join(unknown)}, which format 1.x does not define",
                f"Its files are {MANIFEST} and {', '.join(e + '.jsonl' for e in ENTITIES)}; rename or remove "
                "the others (a misspelt name would lose its records).")
        return {entity: found[entity] for entity in ENTITIES if entity in found}

    def _check_count(self, path: Path, entity: str, manifest: dict) -> None:
        announced = manifest["records"].get(entity)
        if announced is None:
            return
        with path.open("rb") as handle:
            lines = sum(1 for raw in handle if raw.strip())
        if lines != announced:
            raise self.connector.fail(f"file {path}", f"holds {lines} records, the manifest announces {announced}",
                                      "The export is incomplete or was changed afterwards; export the bundle again.")

    def _read(self, path: Path, entity: str, mapper: LexMapper) -> Iterator[Item]:
        first_at: dict[str, str] = {}
        deferred = []
        for location, record in self._lines(path):
            if isinstance(record, Rejected):
                yield record
                continue
            key = record.get("id") if isinstance(record, dict) else None
            if isinstance(key, (str, int)) and not isinstance(key, bool):
                if str(key) in first_at:
                    yield Rejected(location, f"duplicate id '{str(key)[:64]}' (first at {first_at[str(key)]})",
                                   redacted(record, mapper.pseudonym_of))
                    continue
                first_at[str(key)] = location
            try:
                yield from mapper.map(entity, location, record, final=False)
            except MissingReference:
                deferred.append((location, record))
        for location, record in deferred:  # replies that came before the post they answer
            yield from mapper.map(entity, location, record)
        yield from mapper.flush()

    def _lines(self, path: Path) -> Iterator[tuple[str, object]]:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(head) >= 2 and 0 in head[:2]):
                raise self.connector.fail(f"file {path}", "is UTF-16, not UTF-8",
                                          "JSON Lines files are UTF-8; export the bundle again as UTF-8.")
            handle.seek(0)
            for number, raw in enumerate(handle, start=1):
                location = f"{path.name}:{number}"
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                if not raw.strip():
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield location, Rejected(location, f"not UTF-8 (byte {exc.start + 1} of the line); JSON Lines "
                                             "files are UTF-8, export again", UNPARSEABLE)
                    continue
                try:
                    yield location, json.loads(text)
                except json.JSONDecodeError as exc:
                    reason = f"not valid JSON: {exc.msg.removesuffix(' at')} at character {exc.colno}"
                    if not raw.endswith(b"\n"):
                        reason += " and no line end: the file is cut off (an interrupted export?); export it again"
                    yield location, Rejected(location, reason, UNPARSEABLE)

