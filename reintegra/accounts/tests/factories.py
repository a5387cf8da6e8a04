import factory

from reintegra.accounts.choices import AgencyType, MembershipRole
from reintegra.accounts.models import Agency, Membership, User
from reintegra.core.actors import Actor


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: "Agency {n}".format(n=n))
    short_name = factory.Sequence(lambda n: "AG{n}".format(n=n))
    agency_type = AgencyType.GOV_COORDINATION
    languages = ["ar", "fr"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: "user{n}".format(n=n))
    display_name = factory.Sequence(lambda n: "User {n}".format(n=n))
    email = factory.LazyAttribute(lambda u: "{u}@example.invalid".format(u=u.username))
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = MembershipRole.CASE_WORKER


def member(agency: Agency, *roles: str, user: User | None = None) -> User:
    """A user with `roles` in `agency` (a new user unless one is given)."""
    user = user or UserFactory()
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def actor_for(user: User, agency: Agency) -> Actor:
    """The Actor the request layer would build for `user` acting for `agency`."""
    roles = frozenset(
        Membership.objects.filter(user=user, agency=agency, is_active=True).values_list("role", flat=True)
    )
    return Actor(user_id=user.pk, name=user.label, agency_id=agency.pk, agency_name=agency.name, roles=roles)
