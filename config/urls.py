from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reintegra.assessments.api.views import (
    AssessmentViewSet,
    InstrumentViewSet,
    QuestionSetViewSet,
    SurveyViewSet,
)
from reintegra.cases.api.views import AgencyViewSet, CaseViewSet, TaskViewSet
from reintegra.communities.api.views import (
    CommunityIncidentViewSet,
    CommunityPlanViewSet,
    CommunityViewSet,
    StakeholderViewSet,
    SurveyInstrumentViewSet,
    SurveyWaveViewSet,
)
from reintegra.core.views import permission_denied
from reintegra.justice.api.views import (
    FacilityViewSet,
    FamilyGoalViewSet,
    FamilyViewSet,
    JusticePersonViewSet,
    LegalEventViewSet,
    MeasureViewSet,
    ReturnViewSet,
)
from reintegra.people.api.views import HouseholdViewSet, PersonViewSet
from reintegra.plans.api.views import (
    GoalViewSet,
    MentorAssignmentViewSet,
    PlanActionViewSet,
    PlanReviewViewSet,
    PlanViewSet,
    SessionViewSet,
)
from reintegra.services.api.views import ProviderViewSet, ReferralViewSet, ServiceTypeViewSet, ServiceViewSet
from reintegra.sharing.api.views import (
    BreakGlassViewSet,
    DisclosureReportViewSet,
    ProtocolViewSet,
    SharingBasisViewSet,
    SharingCheckViewSet,
)

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("cases", CaseViewSet, basename="case")
router.register("tasks", TaskViewSet, basename="task")
router.register("assessment-instruments", InstrumentViewSet, basename="assessment-instrument")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("survey-question-sets", QuestionSetViewSet, basename="survey-question-set")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-goals", GoalViewSet, basename="plan-goal")
router.register("plan-actions", PlanActionViewSet, basename="plan-action")
router.register("plan-reviews", PlanReviewViewSet, basename="plan-review")
router.register("sessions", SessionViewSet, basename="session")
router.register("mentor-assignments", MentorAssignmentViewSet, basename="mentor-assignment")
router.register("service-types", ServiceTypeViewSet, basename="service-type")
router.register("providers", ProviderViewSet, basename="provider")
router.register("services", ServiceViewSet, basename="service")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("sharing/protocols", ProtocolViewSet, basename="sharing-protocol")
router.register("sharing/bases", SharingBasisViewSet, basename="sharing-basis")
router.register("sharing/checks", SharingCheckViewSet, basename="sharing-check")
router.register("sharing/break-glass", BreakGlassViewSet, basename="break-glass")
router.register("sharing/disclosures", DisclosureReportViewSet, basename="disclosure-report")
router.register("justice/people", JusticePersonViewSet, basename="justice-person")
router.register("justice/legal-events", LegalEventViewSet, basename="legal-event")
router.register("justice/measures", MeasureViewSet, basename="measure")
router.register("justice/facilities", FacilityViewSet, basename="facility")
router.register("justice/returns", ReturnViewSet, basename="return")
router.register("justice/families", FamilyViewSet, basename="family")
router.register("justice/family-goals", FamilyGoalViewSet, basename="family-goal")
router.register("communities", CommunityViewSet, basename="community")
router.register("stakeholders", StakeholderViewSet, basename="stakeholder")
router.register("survey-instruments", SurveyInstrumentViewSet, basename="survey-instrument")
router.register("survey-waves", SurveyWaveViewSet, basename="survey-wave")
router.register("community-incidents", CommunityIncidentViewSet, basename="community-incident")
router.register("community-plans", CommunityPlanViewSet, basename="community-plan")

urlpatterns = [
    path("", include("reintegra.cases.urls")),
    path("", include("reintegra.people.urls")),
    path("", include("reintegra.services.urls")),
    path("", include("reintegra.justice.urls")),
    path("", include("reintegra.assessments.urls")),
    path("", include("reintegra.plans.urls")),
    path("", include("reintegra.sharing.urls")),
    path("", include("reintegra.communities.urls")),
    path("", include("reintegra.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler403 = permission_denied
