//! The QAPI members of `catalog/qmp-events.json` (`fields`), read with member and union-branch
//! order kept, for the tests that generate lines or check columns from the catalog itself.

/// A QAPI member as the catalog describes it.
#[derive(serde::Deserialize)]
pub struct Field {
    pub name: String,
    pub kind: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub base_fields: Vec<Field>,
    #[serde(default)]
    pub discriminator: Option<String>,
    #[serde(default)]
    pub branches: Branches,
}

/// A union's branches in catalog order (serde_json's map would sort them).
#[derive(Default)]
pub struct Branches(pub Vec<(String, Vec<Field>)>);

impl<'de> serde::Deserialize<'de> for Branches {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Branches;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of union branches")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Branches, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Branches(out))
            }
        }
        d.deserialize_map(Visit)
    }
}
