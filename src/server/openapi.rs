//! The OpenAPI 3.1 document of the JSON API. Response schemas are generated
//! from the very types the handlers serialise (schemars, JSON Schema 2020-12,
//! which OpenAPI 3.1 uses), so the document cannot drift from the answers.

use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

use crate::export::{AuthorityRecord, JurisdictionRecord, RegimeRecord, RuleRecord};
use crate::format::AssessmentDocument;
use crate::incident::IncidentInput;
use crate::model::{Dataset, Section};
use crate::search::SearchResults;

use super::ApiError;

fn generator(contract: Contract) -> SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    settings.contract = contract;
    settings.into_generator()
}

fn reference<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error(description: &str, error_schema: &Value) -> Value {
    ok(description, error_schema.clone())
}

/// The document, as JSON. The incident's codes, terms and rule ids are
/// listed from `data`, so a client (or a schema-driven test generator)
/// knows what the dataset accepts rather than "any string".
pub fn document(data: &Dataset) -> Value {
    let mut out = generator(Contract::Serialize);
    let mut input = generator(Contract::Deserialize);
    let jurisdiction = reference::<JurisdictionRecord>(&mut out);
    let authority = reference::<AuthorityRecord>(&mut out);
    let regime = reference::<RegimeRecord>(&mut out);
    let rule = reference::<RuleRecord>(&mut out);
    let search = reference::<SearchResults>(&mut out);
    let assessment = reference::<AssessmentDocument>(&mut out);
    let api_error = reference::<ApiError>(&mut out);
    let incident = reference::<IncidentInput>(&mut input);
    let mut schemas = out.take_definitions(true);
    schemas.extend(input.take_definitions(true));
    list_what_the_dataset_accepts(&mut schemas, data);

    let list = |name: &str, item: &Value, what: &str| {
        json!({ "get": {
            "operationId": format!("list_{name}"),
            "summary": format!("All {what}"),
            "responses": { "200": ok(&format!("All {what}"), json!({ "type": "array", "items": item })) }
        }})
    };
    let one = |name: &str, item: &Value, what: &str, param: &str| {
        json!({ "get": {
            "operationId": format!("get_{name}"),
            "summary": format!("One {what}"),
            "parameters": [{ "name": param, "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": {
                "200": ok(&format!("The {what}"), item.clone()),
                "404": error(&format!("No such {what}"), &api_error)
            }
        }})
    };
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "obligo API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Data-breach and security-incident notification obligations by jurisdiction. Not legal advice: check every obligation against its source. Nothing about a request is stored or logged.",
            "license": { "name": "Apache-2.0", "identifier": "Apache-2.0" }
        },
        "servers": [{ "url": "/" }],
        "paths": {
            "/api/v1/jurisdictions": list("jurisdictions", &jurisdiction, "jurisdictions"),
            "/api/v1/jurisdictions/{code}": one("jurisdiction", &jurisdiction, "jurisdiction", "code"),
            "/api/v1/regimes": list("regimes", &regime, "regimes"),
            "/api/v1/regimes/{id}": one("regime", &regime, "regime", "id"),
            "/api/v1/rules": list("rules", &rule, "rules"),
            "/api/v1/rules/{id}": one("rule", &rule, "rule", "id"),
            "/api/v1/authorities": list("authorities", &authority, "authorities"),
            "/api/v1/authorities/{id}": one("authority", &authority, "authority", "id"),
            "/api/v1/search": { "get": {
                "operationId": "search",
                "summary": "Full-text search, tolerant of typos and prefixes",
                "parameters": [
                    { "name": "q", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "kind", "in": "query", "schema": { "type": "string", "enum": ["jurisdiction", "authority", "regime", "rule"] } },
                    { "name": "j", "in": "query", "schema": { "type": "string" }, "description": "Only results of this jurisdiction" }
                ],
                "responses": {
                    "200": ok("Results, grouped by the client as it likes", search),
                    "400": error("A bad parameter", &api_error)
                }
            }},
            "/api/v1/assess": { "post": {
                "operationId": "assess",
                "summary": "Assess an incident: who must notify whom, by when, and why",
                "parameters": [
                    { "name": "tz", "in": "query", "schema": { "type": "string" }, "description": "IANA zone for `due_in_zone`" },
                    { "name": "now", "in": "query", "schema": { "type": "string" }, "description": "Assess as of this instant (RFC 3339 / RFC 9557) instead of the server's clock: projected dates (`deadline.projected`, \"if determined / sent now\") use it" },
                    { "name": "tlp", "in": "query", "schema": { "type": "string", "enum": ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] } }
                ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": incident } } },
                "responses": {
                    "200": ok("The assessment, exactly as `obligo query --format json` prints it", assessment),
                    "400": error("The body is not a valid incident document", &api_error),
                    "413": error("The body is larger than the limit", &api_error),
                    "415": error("The body is not JSON", &api_error),
                    "422": error("The incident has problems (each with its field and a hint)", &api_error)
                }
            }}
        },
        "components": { "schemas": schemas }
    })
}

/// Puts `enum`s on the incident's free strings: jurisdiction codes (a
/// shared `JurisdictionCode`), taxonomy terms and rule ids. The server also
/// takes aliases (`UK`) and lower case, so the schema promises a subset of
/// what is accepted, never more.
fn list_what_the_dataset_accepts(schemas: &mut serde_json::Map<String, Value>, data: &Dataset) {
    let terms = |section: Section| -> Vec<Value> {
        data.taxonomy
            .terms(section)
            .keys()
            .map(|k| Value::from(k.as_str()))
            .collect()
    };
    let codes: Vec<Value> = data
        .jurisdictions
        .keys()
        .map(|c| Value::from(c.as_str()))
        .collect();
    schemas.insert(
        "JurisdictionCode".into(),
        json!({ "type": "string", "enum": codes, "description": "A jurisdiction code of the dataset (ISO 3166-1 or 3166-2, or a documented extension such as EU)" }),
    );
    let code = json!({ "$ref": "#/components/schemas/JurisdictionCode" });
    let nullable_code = json!({ "anyOf": [code, { "type": "null" }] });
    let rules: Vec<Value> = data
        .rules
        .iter()
        .map(|r| Value::from(r.id.as_str()))
        .collect();

    let mut set = |schema: &str, property: &str, key: &str, value: Value| {
        if let Some(p) = schemas
            .get_mut(schema)
            .and_then(|s| s.pointer_mut(&format!("/properties/{property}")))
            .and_then(Value::as_object_mut)
        {
            match key {
                "" => {
                    let description = p.get("description").cloned();
                    *p = value.as_object().cloned().unwrap_or_default();
                    if let Some(d) = description {
                        p.insert("description".into(), d);
                    }
                }
                _ => {
                    p.insert(key.into(), value);
                }
            }
        }
    };
    let items = |values: Vec<Value>| json!({ "type": "string", "enum": values });
    let term_lists = [
        (
            "IncidentInput",
            "kinds",
            "items",
            items(terms(Section::IncidentKinds)),
        ),
        (
            "IncidentInput",
            "data",
            "items",
            items(terms(Section::DataCategories)),
        ),
        (
            "IncidentInput",
            "facts",
            "propertyNames",
            json!({ "enum": terms(Section::Facts) }),
        ),
        (
            "IncidentInput",
            "determinations",
            "propertyNames",
            json!({ "enum": terms(Section::Determinations) }),
        ),
        (
            "PartyInput",
            "role",
            "enum",
            Value::from(terms(Section::PartyRoles)),
        ),
        (
            "PartyInput",
            "sectors",
            "items",
            items(terms(Section::Sectors)),
        ),
        (
            "PartyInput",
            "entity_types",
            "items",
            items(terms(Section::EntityTypes)),
        ),
    ];
    for (schema, property, key, value) in term_lists {
        set(schema, property, key, value);
    }
    for list in ["established_in", "targets", "processes_in"] {
        set("PartyInput", list, "items", code.clone());
    }
    for one in ["jurisdiction", "representative_in"] {
        set("PartyInput", one, "", nullable_code.clone());
    }
    set("SentInput", "rule", "enum", Value::from(rules));
    set("SentInput", "jurisdiction", "", nullable_code);
    let mut recipients = terms(Section::RecipientKinds);
    recipients.push(Value::Null);
    set("SentInput", "recipient", "enum", Value::from(recipients));
}
