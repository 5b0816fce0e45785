# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pages in creation order with a NextToken, as AWS's Describe* calls answer (moto returns everything at once)."""

import base64
import binascii
import itertools
import json

from .state import ApiError


def paged(placed, params, operation, filter_keys, page_size):
    """One page of ``placed`` ((place, item) pairs in ascending place) after the place the call's NextToken names.

    Returns the page's items and the next token (None on the last page). The token remembers the last place shown
    rather than a count, so that resources removed or added between two pages neither repeat nor skip others.
    ``placed`` is best a generator: it is read only up to the end of the page, and pairs made and dropped at once
    do not wake the garbage collector, which would otherwise walk every moto object of a large fleet on each page.
    """
    filters = {key: params[key] for key in filter_keys if key in params}
    after = place_after(params.get("NextToken"), operation, filters)
    page = list(itertools.islice(itertools.dropwhile(lambda entry: entry[0] <= after, placed), page_size + 1))
    token = encode_token(operation, page[page_size - 1][0], filters) if len(page) > page_size else None
    return [item for _place, item in page[:page_size]], token


def in_places(places, resources, wanted=None):
    """(place, resource) for each of ``resources`` (moto's or the sandbox's dict by ID, in creation order) whose ID
    ``wanted`` holds (None: every one), IDs not seen before numbered first: what ``paged`` reads."""
    places.number(resources)
    return (
        (places[resource_id], resource)
        for resource_id, resource in resources.items()
        if wanted is None or resource_id in wanted
    )


def with_token(answer, token):
    if token is not None:
        answer["NextToken"] = token
    return answer


def place_after(token, operation, filters):
    """The place of the last item on the previous page (-1 for the first page)."""
    if token is None:
        return -1
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
        if decoded["operation"] != operation or decoded["filters"] != filters:
            raise ValueError("token of another call or used with other filters")
        return int(decoded["after"])
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise ApiError(400, "InvalidParameterValuesException", "The NextToken is not valid.") from error


def encode_token(operation, after, filters):
    return base64.urlsafe_b64encode(json.dumps({"operation": operation, "after": after, "filters": filters}).encode()).decode()
