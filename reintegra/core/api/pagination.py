from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 25 by default, up to 100 with ?page_size=, for slow links."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
