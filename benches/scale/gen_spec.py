#!/usr/bin/env python3
"""Write a synthetic OpenAPI 3.1 spec with OPS operations and SCHEMAS schemas, for scale tests.

usage: gen_spec.py OPS SCHEMAS OUT.json

Deterministic. Operations come in resources of five (list, create, get, update, delete) under
tags of 25 resources; each schema has 8 properties (strings with formats, enums, numbers, a
nested object, an array of another schema, a ref to the next schema), so refs chain across the
whole components section the way big real specs do.
"""
import json
import sys


def schema(i, count):
    nxt = f"Schema{(i + 1) % count:05d}"
    other = f"Schema{(i * 7 + 3) % count:05d}"
    return {
        "type": "object",
        "description": f"Schema number {i}: a resource of the synthetic API, with the usual mix of fields.",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "Identifier."},
            "name": {"type": "string", "maxLength": 200, "description": "Display name."},
            "status": {"type": "string", "enum": ["active", "paused", "archived"]},
            "amount": {"type": "integer", "minimum": 0, "description": "Amount in cents."},
            "created_at": {"type": "string", "format": "date-time"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{other}"}},
            "next": {"$ref": f"#/components/schemas/{nxt}"},
        },
    }


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ops, schemas, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    paths = {}
    resources = (ops + 4) // 5
    made = 0
    for r in range(resources):
        tag = f"Group {r // 25:03d}"
        ref = {"$ref": f"#/components/schemas/Schema{r % schemas:05d}"}
        base = f"/v1/resource{r:05d}"
        item = f"{base}/{{id}}"
        idp = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        body = {"required": True, "content": {"application/json": {"schema": ref}}}
        ok = lambda d: {"200": {"description": d, "content": {"application/json": {"schema": ref}}},
                        "404": {"description": "Not found."}}
        defs = [
            (base, "get", {"summary": f"List resource {r}", "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": ok("A page of results.")}),
            (base, "post", {"summary": f"Create resource {r}", "requestBody": body, "responses": ok("Created.")}),
            (item, "get", {"summary": f"Get resource {r}", "parameters": [idp], "responses": ok("The resource.")}),
            (item, "patch", {"summary": f"Update resource {r}", "parameters": [idp], "requestBody": body,
                             "responses": ok("Updated.")}),
            (item, "delete", {"summary": f"Delete resource {r}", "parameters": [idp],
                              "responses": {"204": {"description": "Deleted."}}}),
        ]
        for path, method, op in defs:
            if made == ops:
                break
            op["operationId"] = f"{method}Resource{r:05d}{'Item' if '{id}' in path else ''}"
            op["tags"] = [tag]
            op["description"] = f"Does `{method.upper()}` on resource {r}. See the guide for details."
            paths.setdefault(path, {})[method] = op
            made += 1
    doc = {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic API ({ops} operations)", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": {f"Schema{i:05d}": schema(i, schemas) for i in range(schemas)}},
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main()
