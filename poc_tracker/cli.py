"""The ``poc-tracker`` command: migrations, platform admins, event dispatch."""

from __future__ import annotations

import argparse
import getpass
import sys

from poc_tracker.db import system_session
from poc_tracker.errors import DomainError
from poc_tracker.migrations import upgrade
from poc_tracker.services.users import make_platform_admin
from poc_tracker.settings import get_settings


def _migrate(_args: argparse.Namespace) -> None:
    upgrade(get_settings().db_url)
    print("Banco de dados atualizado.")


def _platform_admin(args: argparse.Namespace) -> None:
    password = args.password or (getpass.getpass("Senha: ") if sys.stdin.isatty() else None)
    with system_session(reason="cli: create a platform admin") as session:
        user = make_platform_admin(session, email=args.email, name=args.name, password=password)
        print(f"Administrador da plataforma: {user.email} ({user.id})")


def _dispatch(_args: argparse.Namespace) -> None:
    from poc_tracker.services.events import CONSUMERS
    from poc_tracker.services.outbox import deliver_all

    for consumer in CONSUMERS:  # what beat's sweep does, for a deployment without beat (or right now)
        print(f"{consumer}: {deliver_all(consumer)} eventos entregues.")


def _demo(args: argparse.Namespace) -> None:
    from poc_tracker.services.demo import ensure_demo_tenant, fill_tenant

    demo = ensure_demo_tenant(args.tenant)
    step = max(1, args.pocs // 20)

    def progress(done: int) -> None:
        if done % step == 0 or done == args.pocs:
            print(f"  {done}/{args.pocs} POCs", flush=True)

    fill_tenant(demo.tenant_id, args.pocs, seed=args.seed, progress=progress)
    print(f"Pronto. Entre com {demo.email} / {demo.password}")


def _reindex(args: argparse.Namespace) -> None:
    from rich.progress import Progress

    from poc_tracker.services.search_index import count_live, reindex, tenant_ids_for

    with system_session(reason="cli: reindex, list the tenants") as session:
        tenants = tenant_ids_for(session, args.tenant)
        total = sum(count_live(session, t) for t in tenants)
    with Progress(transient=not sys.stdout.isatty()) as bar:
        task = bar.add_task("Indexando POCs", total=total)
        done = reindex(tenants, lambda n: bar.advance(task, n), full=args.tenant is None)
    print(f"{done} POCs indexadas em {len(tenants)} organização(ões).")


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="poc-tracker", description="POC Tracker")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="aplica as migrações").set_defaults(func=_migrate)
    pa = sub.add_parser("create-platform-admin", help="cria ou promove um administrador da plataforma")
    pa.add_argument("--email", required=True)
    pa.add_argument("--name", default="Administrador")
    pa.add_argument("--password")
    pa.set_defaults(func=_platform_admin)
    dispatch = sub.add_parser("dispatch-events", help="entrega eventos pendentes (auditoria, índice de busca)")
    dispatch.set_defaults(func=_dispatch)
    demo = sub.add_parser("demo", help="preenche uma organização de demonstração com POCs realistas")
    demo.add_argument("--pocs", type=int, default=50, help="quantas POCs criar (padrão 50)")
    demo.add_argument("--tenant", default="demo", help="subdomínio da organização (padrão demo)")
    demo.add_argument("--seed", type=int, default=7, help="semente do gerador")
    demo.set_defaults(func=_demo)
    ri = sub.add_parser("reindex", help="reconstrói o índice de busca (de uma organização ou de todas)")
    ri.add_argument("--tenant", help="subdomínio ou id da organização (padrão: todas, num índice novo)")
    ri.set_defaults(func=_reindex)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except DomainError as exc:
        print(f"Erro: {exc.localized('pt_BR')}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
