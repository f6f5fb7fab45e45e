"""Counts the SQL queries of a request when the benchmark asks (header X-Bench-Count), in X-Bench-Queries."""

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_BENCH_COUNT" not in request.META:
            return self.get_response(request)
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(len(queries))
        return response
