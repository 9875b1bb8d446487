"""What each kind of audit entry is called on screen and in CSV exports (never the raw event name)."""

from __future__ import annotations

from poc_tracker.i18n import N_, gettext
from poc_tracker.services.users import ROLE_NAMES

# Event kind → a Portuguese message id. Kinds not listed (added later by another feature) show as OTHER.
KIND_LABELS: dict[str, str] = {
    "auth.refresh_reuse": N_("Reuso de sessão bloqueado"),
    "collection.created": N_("Coleção criada"),
    "collection.deleted": N_("Coleção excluída"),
    "collection.poc_added": N_("POC adicionada à coleção"),
    "collection.poc_removed": N_("POC removida da coleção"),
    "collection.reordered": N_("Coleção reordenada"),
    "collection.updated": N_("Coleção alterada"),
    "dojo.created": N_("Dojo criado"),
    "dojo.ended": N_("Dojo encerrado"),
    "favorite.added": N_("Favorito adicionado"),
    "favorite.removed": N_("Favorito removido"),
    "identity_provider.created": N_("Provedor de identidade criado"),
    "identity_provider.deleted": N_("Provedor de identidade excluído"),
    "identity_provider.tested": N_("Provedor de identidade testado"),
    "identity_provider.updated": N_("Provedor de identidade alterado"),
    "mfa.passkey_added": N_("Chave de acesso adicionada"),
    "mfa.passkey_removed": N_("Chave de acesso removida"),
    "mfa.recovery_code_used": N_("Código de recuperação usado"),
    "mfa.recovery_codes_generated": N_("Códigos de recuperação gerados"),
    "mfa.totp_enabled": N_("App autenticador ativado"),
    "mfa.totp_removed": N_("App autenticador removido"),
    "poc.created": N_("POC criada"),
    "poc.deleted": N_("POC excluída"),
    "poc.files_changed": N_("Arquivos da POC alterados"),
    "poc.purged": N_("POC apagada definitivamente"),
    "poc.restored": N_("POC restaurada"),
    "poc.updated": N_("POC alterada"),
    "poc.version_restored": N_("Versão da POC restaurada"),
    "privacy.access_requested": N_("Confirmação e acesso aos dados pedidos"),
    "privacy.deletion_cancelled": N_("Exclusão de conta cancelada"),
    "privacy.deletion_requested": N_("Exclusão de conta pedida"),
    "privacy.erased": N_("Dados pessoais apagados"),
    "privacy.export_requested": N_("Exportação de dados pessoais pedida"),
    "privacy.notice_accepted": N_("Aviso de privacidade aceito"),
    "tag.merged": N_("Tags mescladas"),
    "tag.renamed": N_("Tag renomeada"),
    "tenant.created": N_("Organização criada"),
    "tenant.deletion_cancelled": N_("Exclusão da organização cancelada"),
    "tenant.deletion_requested": N_("Exclusão da organização solicitada"),
    "tenant.export_requested": N_("Exportação da organização solicitada"),
    "tenant.export_ready": N_("Exportação da organização pronta"),
    "tenant.privacy_contacts_updated": N_("Contatos de privacidade alterados"),
    "tenant.mfa_policy_changed": N_("Política de verificação em duas etapas alterada"),
    "tenant.updated": N_("Organização alterada"),
    "user.deactivated": N_("Conta desativada"),
    "user.email_change_requested": N_("Troca de e-mail solicitada"),
    "user.email_changed": N_("E-mail alterado"),
    "user.email_verified": N_("E-mail confirmado"),
    "user.identity_linked": N_("Login único vinculado"),
    "user.invited": N_("Pessoa convidada"),
    "user.logged_in": N_("Entrada na conta"),
    "user.logged_out": N_("Saída da conta"),
    "user.password_changed": N_("Senha alterada"),
    "user.password_reset": N_("Senha redefinida"),
    "user.password_reset_requested": N_("Redefinição de senha solicitada"),
    "user.platform_admin_granted": N_("Administração da plataforma concedida"),
    "user.profile_updated": N_("Perfil alterado"),
    "user.provisioned": N_("Conta criada por login único"),
    "user.reactivated": N_("Conta reativada"),
    "user.registered": N_("Conta criada"),
    "user.role_changed": N_("Papel alterado"),
    "user.session_ended": N_("Sessão encerrada"),
    "user.sessions_ended": N_("Outras sessões encerradas"),
}
OTHER = N_("Outra ação")
TARGET_LABELS: dict[str, str] = {
    "collection": N_("Coleção"),
    "dojo": N_("Dojo"),
    "identity_provider": N_("Provedor de identidade"),
    "invitation": N_("Convite"),
    "poc": N_("POC"),
    "privacy_request": N_("Pedido LGPD"),
    "tag": N_("Tag"),
    "tenant": N_("Organização"),
    "user": N_("Pessoa"),
}


def kind_label(kind: str, locale: str) -> str:
    """The kind's name in ``locale``; a kind without a label reads "Outra ação", never its raw name."""
    return gettext(KIND_LABELS.get(kind, OTHER), locale)


def kind_choices(locale: str) -> list[tuple[str, str]]:
    """``(kind, label)`` for a filter, sorted by label in ``locale``."""
    return sorted(((k, gettext(v, locale)) for k, v in KIND_LABELS.items()), key=lambda kv: kv[1].casefold())


def target_label(target_type: str, locale: str) -> str:
    """What kind of record an entry is about, in ``locale`` ("Outro" for a type without a label)."""
    return gettext(TARGET_LABELS.get(target_type, N_("Outro")), locale)


def summary(details: dict[str, object], locale: str) -> str:
    """A short human line from an entry's details: the record's name and a new role, translated; codes left out."""
    parts = [str(details["name"])] if isinstance(details.get("name"), str) else []
    role = details.get("role")
    if isinstance(role, str) and role in ROLE_NAMES:
        parts.append(gettext(N_("papel: {role}"), locale, role=gettext(ROLE_NAMES[role], locale)))
    return " · ".join(parts)
