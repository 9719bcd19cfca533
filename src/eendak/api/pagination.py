from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=2&pageSize=50``; at most 200 per page so one request cannot pull a whole table."""

    page_size_query_param = "pageSize"
    max_page_size = 200
    page_query_description = "Paginanummer (vanaf 1)."
    page_size_query_description = "Aantal resultaten per pagina (standaard 25, hoogstens 200)."
