"""Compile every locale/*/LC_MESSAGES/django.po to django.mo with polib, not GNU gettext.

Django's own `compilemessages` shells out to GNU `msgfmt`, which fresh machines (a new
developer laptop, a CI runner, a production image) often do not have. Reintegra must show
its French and Arabic interface there too, so the compiled .mo files are committed and
compiled by this command in pure Python (polib, a dev dependency), e.g. via `make messages`.

Only translated, non-fuzzy entries go into the .mo, as with `msgfmt`. A .mo file is rewritten
only when its content changes, so re-running the command leaves the work tree clean.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/django.po to .mo files with polib (no GNU gettext needed). "
        "With --strict, fail if any entry is untranslated or fuzzy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit non-zero if a catalogue has untranslated or fuzzy entries.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            import polib
        except ImportError as exc:  # pragma: no cover - polib is a dev dependency
            raise CommandError("polib is not installed: pip install -e '.[dev]'") from exc

        catalogues = sorted(
            po_path
            for locale_dir in settings.LOCALE_PATHS
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/django.po")
        )
        if not catalogues:
            raise CommandError("No locale/*/LC_MESSAGES/django.po found in LOCALE_PATHS.")

        problems = []
        for po_path in catalogues:
            po = polib.pofile(str(po_path))
            language = po_path.parent.parent.name
            untranslated = len(po.untranslated_entries())
            fuzzy = len(po.fuzzy_entries())
            if untranslated or fuzzy:
                problems.append(
                    "{lang}: {u} untranslated, {f} fuzzy".format(lang=language, u=untranslated, f=fuzzy)
                )
            mo_path = po_path.with_suffix(".mo")
            compiled = po.to_binary()
            if mo_path.exists() and mo_path.read_bytes() == compiled:
                state = "unchanged"
            else:
                mo_path.write_bytes(compiled)
                state = "written"
            self.stdout.write(
                "{lang}: {n} messages ({pct}% translated), {mo} {state}".format(
                    lang=language,
                    n=len(po.translated_entries()),
                    pct=po.percent_translated(),
                    mo=mo_path.relative_to(settings.BASE_DIR)
                    if mo_path.is_relative_to(settings.BASE_DIR)
                    else mo_path,
                    state=state,
                )
            )
        for problem in problems:
            self.stderr.write(self.style.WARNING(problem))
        if problems and options["strict"]:
            raise CommandError("Some catalogues are incomplete; translate them and run this again.")
