"""The NL API Design Rules (Logius) hold for our schema: every rule of the published Spectral ruleset
(``adr-ruleset.yaml`` beside this file), written in Python over the schema the API serves, one test
per rule, named after it (``nlgov:paths-kebab-case`` -> ``test_nlgov_paths_kebab_case``).

CI needs no npm: these tests are the linter. ``test_every_rule_of_the_ruleset_has_a_test`` fails on
a rule of the ruleset without a test here, so a new version of the ruleset (copy it over the file)
says what to add. Where a rule of the ruleset cannot fire as written (``nlgov:paths-no-trailing-slash``
matches ``.+ \\/$``, with a space), the test holds the rule's intent, as its message says it.
Warnings of the ruleset are held as strictly as its errors: we have none, and keep it so.
"""

import json
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

RULESET = yaml.safe_load((Path(__file__).with_name("adr-ruleset.yaml")).read_text(encoding="utf-8"))
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
VERSION_HEADERS = {"API-Version", "Api-Version", "Api-version", "api-version", "API-version"}


@pytest.fixture(scope="module")
def schema():
    """The schema exactly as /api/v1/schema serves it (public, rendered to plain JSON)."""
    generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
    generated = generator.get_schema(request=None, public=spectacular_settings.SERVE_PUBLIC)
    return json.loads(OpenApiJsonRenderer().render(generated))


def test_every_rule_of_the_ruleset_has_a_test():
    tests = {name for name in globals() if name.startswith("test_")}
    missing = [rule for rule in RULESET["rules"] if _test_name(rule) not in tests]
    assert missing == [], f"rules of adr-ruleset.yaml without a test here: {missing}"


def _test_name(rule: str) -> str:
    return "test_" + re.sub(r"[^a-z0-9]+", "_", rule.lower())


# --- Walking the document --------------------------------------------------------------------------


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def nodes(node, where=""):
    """Every (JSON pointer, dict) in the document, depth first."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from nodes(value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from nodes(value, f"{where}/{index}")


def responses(schema):
    """Every response object under a ``responses`` map (``$..[responses][*]``), by status code."""
    for where, node in nodes(schema):
        if where.endswith("/responses") and isinstance(node, dict):
            for code, response in node.items():
                yield f"{where}/{code}", str(code), response


def properties(schema):
    """Every named property of a schema object (``$..properties[*]``)."""
    for where, node in nodes(schema):
        if where.endswith("/properties") and not where.endswith("/properties/properties"):
            for name, value in node.items():
                if isinstance(value, dict):
                    yield f"{where}/{name}", name, value


def deref(schema, node):
    """Follow ``$ref`` (local references only, as our schema has)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        target = schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node, seen = target, seen + 1
    return node


def schema_objects(schema):
    """Every schema object of the document with its pointer: the components' schemas, the schemas of
    parameters, headers and media types, and everything nested in them."""
    roots = []
    for name, value in schema.get("components", {}).get("schemas", {}).items():
        roots.append((f"/components/schemas/{name}", value))
    for where, node in nodes(schema):
        if isinstance(node.get("schema"), dict) and not where.startswith("/components/schemas"):
            roots.append((f"{where}/schema", node["schema"]))
    for root, value in roots:
        yield from _nested_schemas(value, root)


def _nested_schemas(node, where):
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("items", "not", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from _nested_schemas(node[key], f"{where}/{key}")
    for key in ("allOf", "oneOf", "anyOf"):
        for index, value in enumerate(node.get(key) or []):
            yield from _nested_schemas(value, f"{where}/{key}/{index}")
    for name, value in (node.get("properties") or {}).items():
        yield from _nested_schemas(value, f"{where}/properties/{name}")


# --- Examples against their schema, with the formats Spectral (ajv-formats) checks ---------------------


def _date_time(value) -> bool:
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d", value):
        return False
    try:
        return datetime.fromisoformat(value.replace("z", "Z")).tzinfo is not None
    except ValueError:
        return False


def _date(value) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value))


def _uri(value) -> bool:
    return isinstance(value, str) and bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value)) and " " not in value


FORMATS = jsonschema.FormatChecker()
for _name, _check in (("date-time", _date_time), ("date", _date), ("uri", _uri)):
    FORMATS.checks(_name)(_check)


def _openapi_to_json_schema(node):
    """OpenAPI 3.0's schema dialect in JSON Schema's words: ``nullable`` as a null type."""
    if isinstance(node, list):
        return [_openapi_to_json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _openapi_to_json_schema(value) for key, value in node.items()
                 if key not in ("nullable", "example", "examples", "readOnly", "writeOnly")}
    if node.get("nullable"):
        converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def example_problems(schema, value, node_pointer) -> list[str]:
    document = _openapi_to_json_schema(schema)
    registry = Registry().with_resource("urn:eendak:openapi", Resource(document, DRAFT4))
    validator = jsonschema.Draft4Validator({"$ref": f"urn:eendak:openapi#{node_pointer}"},
                                           registry=registry, format_checker=FORMATS)
    return [f"{error.message} (at {'/'.join(map(str, error.absolute_path)) or 'the value'})"
            for error in validator.iter_errors(value)]


# --- /core/publish-openapi: the document is valid OpenAPI -----------------------------------------------


def test_oas3_schema(schema):
    validate_schema(schema)  # the OpenAPI 3.0 JSON schema, as Spectral's oas3-schema


def test_operation_operationid_unique(schema):
    ids = [operation.get("operationId") for _p, _m, operation in operations(schema)]
    assert None not in ids
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_path_params(schema):
    problems, shapes = [], {}
    for path, item in schema["paths"].items():
        shape = re.sub(r"\{[^}]+\}", "{}", path)
        if shape in shapes:
            problems.append(f"{path} and {shapes[shape]} are the same path")
        shapes[shape] = path
        in_template = re.findall(r"\{([^}]+)\}", path)
        if len(in_template) != len(set(in_template)):
            problems.append(f"{path}: a parameter twice in the path")
        shared = [deref(schema, p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method not in item:
                continue
            defined = [deref(schema, p) for p in item[method].get("parameters", [])]
            path_params = {p["name"]: p for p in [*shared, *defined] if p.get("in") == "path"}
            for name in in_template:
                if name not in path_params:
                    problems.append(f"{method.upper()} {path}: {{{name}}} is not defined")
                elif path_params[name].get("required") is not True:
                    problems.append(f"{method.upper()} {path}: {{{name}}} is not required")
            problems += [f"{method.upper()} {path}: parameter {name} is not in the path"
                         for name in path_params if name not in in_template]
    assert problems == []


def test_openapi_tags_uniqueness(schema):
    names = [tag["name"] for tag in schema.get("tags", [])]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_oas3_valid_media_example(schema):
    problems = []
    for where, node in nodes(schema):
        if "/content/" not in where or not isinstance(node.get("schema"), dict):
            continue
        values = [node["example"]] if "example" in node else []
        values += [example.get("value") for example in (node.get("examples") or {}).values()
                   if isinstance(example, dict) and "value" in example]
        for value in values:
            problems += [f"{where}: {p}" for p in example_problems(schema, value, f"{where}/schema")]
    assert problems == []


SCHEMA_WORDS = ("enum", "type", "format", "$ref", "properties", "items")


def test_oas3_valid_schema_example(schema):
    """As Spectral's rule: every schema object that says what it is (one of ``SCHEMA_WORDS``) and
    has an example or a default."""
    problems = []
    for where, node in schema_objects(schema):
        if not any(word in node for word in SCHEMA_WORDS):
            continue
        for key in ("example", "default"):
            if key in node:
                problems += [f"{where} {key}: {p}"
                             for p in example_problems(schema, node[key], where)]
    assert problems == []


def test_oas3_server_variables(schema):
    problems = []
    for server in schema.get("servers", []):
        variables = server.get("variables", {})
        for name in re.findall(r"\{([^}]+)\}", server["url"]):
            if name not in variables:
                problems.append(f"{server['url']}: {{{name}}} is not defined")
        for name, variable in variables.items():
            if "enum" in variable and variable.get("default") not in variable["enum"]:
                problems.append(f"{server['url']}: the default of {name} is not in its enum")
    assert problems == []


def test_oas3_api_servers(schema):
    servers = schema.get("servers")
    assert isinstance(servers, list) and servers, "servers must be present and non-empty"
    for server in servers:
        url = server.get("url", "")
        assert url and not url.endswith("/"), f"server URL {url!r}: present, without a trailing slash"
        assert "example.com" not in urlsplit(url).netloc


# --- /core/no-trailing-slash ---------------------------------------------------------------------------


def test_path_keys_no_trailing_slash(schema):
    assert [path for path in schema["paths"] if len(path) > 1 and path.endswith("/")] == []


def test_nlgov_paths_no_trailing_slash(schema):
    """The ruleset's pattern (``.+ \\/$``, with a space) matches no path we could write; its message
    ("Leave off trailing slashes from URIs") is what we hold."""
    assert [path for path in schema["paths"] if re.search(r".+/$", path)] == []


# --- /core/doc-openapi ---------------------------------------------------------------------------------


def test_nlgov_openapi3(schema):
    assert re.match(r"^3(.\d+){1,2}$", schema["openapi"])


def test_nlgov_openapi_root_exists(schema):
    assert schema.get("openapi")


# --- /core/version-header -------------------------------------------------------------------------------


def _success_or_redirect(code: str) -> bool:
    return bool(re.search(r"(2|3)\d\d", code))


def test_nlgov_missing_version_header(schema):
    missing = [where for where, code, response in responses(schema) if _success_or_redirect(code)
               and not VERSION_HEADERS & set(deref(schema, response).get("headers") or {})]
    assert missing == []


def test_nlgov_missing_header(schema):
    missing = [where for where, code, response in responses(schema)
               if _success_or_redirect(code) and not deref(schema, response).get("headers")]
    assert missing == []


# --- /core/uri-version ------------------------------------------------------------------------------------


def test_nlgov_include_major_version_in_uri(schema):
    assert [s["url"] for s in schema["servers"] if not re.search(r"/v[\d+]", s["url"])] == []


# --- /core/doc-openapi-contact ------------------------------------------------------------------------------


def test_info_contact(schema):
    assert schema["info"].get("contact")


def test_nlgov_info_contact_fields_exist(schema):
    contact = schema["info"]["contact"]
    assert {"email", "name", "url"} <= set(contact), contact


# --- /core/http-methods ------------------------------------------------------------------------------------


def test_nlgov_http_methods(schema):
    """Only the standard methods of the rule (post, put, get, delete, patch) beside a path's own
    parameters, summary, description and servers."""
    allowed = {"post", "put", "get", "delete", "patch", "parameters", "summary", "description",
               "servers"}
    assert [f"{path}: {key}" for path, item in schema["paths"].items() for key in item
            if key not in allowed] == []


# --- /core/path-segments-kebab-case and /core/query-keys-camel-case --------------------------------------------


KEBAB = re.compile(r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$")
CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")


def test_nlgov_paths_kebab_case(schema):
    assert [path for path in schema["paths"] if not re.search(r"/openapi\.(json)|(yaml)", path)
            and not KEBAB.match(path)] == []


def test_nlgov_query_keys_camel_case(schema):
    names = [deref(schema, p)["name"] for _path, _method, operation in operations(schema)
             for p in operation.get("parameters", []) if deref(schema, p).get("in") == "query"]
    for path_item in schema["paths"].values():
        names += [deref(schema, p)["name"] for p in path_item.get("parameters", [])
                  if deref(schema, p).get("in") == "query"]
    names += [s["name"] for s in schema["components"].get("securitySchemes", {}).values()
              if s.get("in") == "query"]
    assert sorted({name for name in names if not CAMEL.match(name)}) == []


def test_nlgov_schema_camel_case(schema):
    """A warning in the ruleset (Spectral's ``pascal`` casing); held all the same."""
    pascal = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$")
    assert [name for name in schema["components"]["schemas"] if not pascal.match(name)] == []


def test_nlgov_servers_use_https(schema):
    """A warning in the ruleset; a relative server URL (ours: /api/v1) is allowed since 2026-05."""
    urls = [s["url"] for s in schema.get("servers", [])]
    urls += [s["url"] for where, node in nodes(schema["paths"]) for s in node.get("servers", [])]
    assert [url for url in urls if url.startswith("http://")] == []


# --- /core/error-handling/problem-details and /core/error-handling/invalid-input ------------------------------


def _error(code: str) -> bool:
    return bool(re.search(r"(4|5)\d\d", code))


def test_nlgov_use_problem_schema(schema):
    wrong = [f"{where}: {sorted(response['content'])}"
             for where, code, response in responses(schema)
             if _error(code) and "content" in deref(schema, response)
             and not {"application/problem+json", "application/problem+xml"}
             & set(deref(schema, response)["content"])]
    assert wrong == []


def test_nlgov_problem_schema_members(schema):
    problems = []
    for where, code, response in responses(schema):
        if not _error(code):
            continue
        for media_type, media in (deref(schema, response).get("content") or {}).items():
            if media_type not in ("application/problem+json", "application/problem+xml"):
                continue
            body = deref(schema, media.get("schema") or {})
            if "properties" in body and not {"status", "title", "detail"} <= set(body["properties"]):
                problems.append(f"{where}: {sorted(body['properties'])}")
    assert problems == []


def test_nlgov_problem_invalid_input(schema):
    missing = [f"{method.upper()} {path}" for path, method, operation in operations(schema)
               if (method in ("put", "post", "patch")
                   or (method in ("get", "delete") and operation.get("parameters")))
               and "400" not in operation.get("responses", {})]
    assert missing == []


def test_nlgov_property_casing(schema):
    """A warning in the ruleset: a ``_links``-like property is camelCase."""
    assert [where for where, name, _value in properties(schema)
            if re.search(r"_links", name, re.I) and not CAMEL.match(name)] == []


# --- /core/date-time ------------------------------------------------------------------------------------------


def test_nlgov_date_time_ensure_timezone(schema):
    assert [where for where, _name, value in properties(schema)
            if value.get("format") == "date-time-local"] == []


def test_nlgov_time_without_timezone(schema):
    assert [where for where, _name, value in properties(schema) if value.get("format") == "time"] == []


DATE_NAME = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))")


def _is_date_property(name: str) -> bool:
    return name in ("date", "datum") or bool(DATE_NAME.search(name))


def test_nlgov_specify_format_for_date_and_time(schema):
    def has_format(value) -> bool:
        value = deref(schema, value)
        return "format" in value or (isinstance(value.get("allOf"), list)
                                     and all("format" in deref(schema, i) for i in value["allOf"]))

    assert [where for where, name, value in properties(schema)
            if _is_date_property(name) and not has_format(value)] == []


def test_nlgov_use_date_instead_of_datetime(schema):
    wrong = []
    for where, name, value in properties(schema):
        if _is_date_property(name):
            wrong += [f"{where}{inner}" for inner, node in nodes(value)
                      if node.get("format") == "date-time"]
    assert wrong == []


def test_nlgov_semver(schema):
    assert re.match(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-]"
                    r"[0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+"
                    r"([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", schema["info"]["version"])


# --- The linter's own tests: a broken schema is caught ---------------------------------------------------------


def test_the_example_check_catches_a_default_that_does_not_match_its_format(schema):
    """The four examples of the issue: a blank default inside the e-mail branch of a ``oneOf``."""
    broken = {"components": {"schemas": {"X": {"oneOf": [
        {"type": "string", "format": "email", "default": ""}, {"type": "string", "maxLength": 0}]}}}}
    found = [(where, node["default"]) for where, node in schema_objects(broken) if "default" in node]
    assert found == [("/components/schemas/X/oneOf/0", "")]
    assert example_problems(broken, "", "/components/schemas/X/oneOf/0")
    assert example_problems(broken, "", "/components/schemas/X") == []
