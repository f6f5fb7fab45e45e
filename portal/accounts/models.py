"""Logins. A tenant's User belongs to exactly one Signatory; staff users have none."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import AccountEventKind


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, is_active=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    signatory = models.OneToOneField(
        "leases.Signatory",
        verbose_name=_("signataire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        help_text=_("Le signataire du bail auquel ce compte locataire appartient. Vide pour le personnel."),
    )
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Un compte locataire devient actif quand son adresse est confirmée.")
    )
    is_staff = models.BooleanField(_("membre du personnel"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    suspended_at = models.DateTimeField(
        _("suspendu le"),
        null=True,
        blank=True,
        help_text=_(
            "Un signataire du bail a signalé par « Ce n'était pas moi » qu'il n'avait pas créé ce compte : "
            "il ne peut plus se connecter. Le service client vérifie, puis supprime le compte ou le réactive."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name.upper()}".strip() or self.email

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_tenant(self) -> bool:
        return self.signatory_id is not None


class AccountEvent(models.Model):
    """Audit trail of a tenant login's life: sign-up, confirmation, access changes, unsubscribe.

    Staff read it to answer « je n'arrive pas à m'inscrire » or « qui a changé mon adresse ? ».
    Rows outlive the login they describe (the user link is emptied, the address stays).
    """

    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    kind = models.CharField(_("événement"), max_length=30, choices=AccountEventKind.choices)
    user = models.ForeignKey(
        User,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_events",
        help_text=_("Vide quand le compte a été supprimé depuis."),
    )
    lease = models.ForeignKey(
        "leases.Lease",
        verbose_name=_("bail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_events",
    )
    email = models.EmailField(_("adresse e-mail"), help_text=_("L'adresse du compte au moment de l'événement."))
    detail = models.CharField(_("détail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("événement de compte")
        verbose_name_plural = _("événements de compte")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.email}"


class DeviceQuerySet(models.QuerySet):
    def connected(self):
        return self.filter(revoked_at__isnull=True, refresh_expires_at__gt=timezone.now())


class Device(models.Model):
    """A mobile app signed in with a tenant's login: « Modifier mes accès » lists them.

    The app holds two tokens; only their SHA-256 is stored. The access token is short-lived and
    sent with every API call; the refresh token gets a new pair and is replaced at each use, so a
    stolen refresh token used twice is noticed (the device is then disconnected).
    """

    user = models.ForeignKey(User, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(_("appareil"), max_length=100, help_text=_("Le nom que l'application donne à l'appareil."))
    created_at = models.DateTimeField(_("connecté le"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dernière utilisation"), default=timezone.now)
    last_ip = models.GenericIPAddressField(_("dernière adresse IP"), null=True, blank=True)
    access_hash = models.CharField(max_length=64, unique=True)
    access_expires_at = models.DateTimeField()
    refresh_hash = models.CharField(max_length=64, unique=True)
    previous_refresh_hash = models.CharField(max_length=64, blank=True, db_index=True)
    refresh_expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(_("déconnecté le"), null=True, blank=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("appareil connecté")
        verbose_name_plural = _("appareils connectés")
        ordering = ["-last_used_at"]

    def __str__(self):
        return f"{self.name} – {self.user}"


class SignupCode(models.Model):
    """The personal sign-up code of a signatory (mode renforcé of « Créer mon compte »).

    Imported from the management system and printed on the rent notice; it serves once. Staff never
    see it: no admin screen lists it, and once used only its SHA-256 stays (so that importing the
    same file again does not bring it back).
    """

    signatory = models.OneToOneField(
        "leases.Signatory", verbose_name=_("signataire"), on_delete=models.CASCADE, related_name="signup_code"
    )
    code = models.CharField(_("code"), max_length=40, blank=True, help_text=_("Vide une fois le code utilisé."))
    code_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("code d'inscription")
        verbose_name_plural = _("codes d'inscription")

    def __str__(self):
        return f"Code d'inscription de {self.signatory}"
