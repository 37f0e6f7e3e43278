"""What every operation of the agency API may answer, added to the OpenAPI schema once
(drf-spectacular post-processing hook) rather than repeated on each view."""

COMMON = {
    "401": {"description": "No token, or a token that is unknown, revoked or whose person has "
                           "left the agency."},
    "429": {"description": "Too many requests: wait and try again."},
}
BAD_INPUT = {"description": "A query parameter or field is not valid: {name: [messages]}."}


def add_common_responses(result, generator, request, public):
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, response in COMMON.items():
                responses.setdefault(code, response)
            takes_input = operation.get("parameters") or operation.get("requestBody")
            if takes_input:
                responses.setdefault("400", BAD_INPUT)
    return result
