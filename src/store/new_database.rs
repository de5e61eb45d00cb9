//! What a new database runs instead of the migrations one by one (the one home of that idea):
//! every migration as [`for_new_database`] keeps it, with each `ALTER TABLE t ADD COLUMN def;`
//! folded into the `CREATE TABLE t` before it, where SQLite's own `ADD COLUMN` puts the column
//! (so the stored schema is byte for byte the same). SQLite reads the whole schema again after
//! every `ADD COLUMN`; on an empty database that is most of what the six of them cost.

use super::{MIGRATIONS, spans};

/// A migration as a database with no rows yet runs it: without the statements that build
/// `event_spans` for the rows already in the event tables (migration 0004: 60 `INSERT … SELECT`
/// with window functions, about an eighth of the time it takes to create a database, which a
/// short import waits for). Every other statement stays, in order, byte for byte.
pub fn for_new_database(sql: &str) -> String {
    sql.split_inclusive(';').filter(|statement| !spans::is_rebuild(statement)).collect()
}

/// The migrations as one script for a database with no tables yet.
pub fn script() -> String {
    let mut out = String::new();
    for (_, sql) in MIGRATIONS {
        for statement in for_new_database(sql).split_inclusive(';') {
            if let Some((before, table, column)) = added_column(statement)
                && let Some(at) = column_list_end(&out, table)
            {
                out.insert_str(at, &format!(", {column}"));
                out.push_str(before);
                continue;
            }
            out.push_str(statement);
        }
    }
    out
}

/// A `;`-ended piece whose last line is `ALTER TABLE table ADD COLUMN column;`: what comes
/// before that line (comments, or the end of a comment a `;` in it cut off), the table and the
/// column definition.
fn added_column(statement: &str) -> Option<(&str, &str, &str)> {
    let at = statement.rfind("\nALTER TABLE ").map(|i| i + 1).or(statement.starts_with("ALTER TABLE ").then_some(0))?;
    let code = statement[at..].strip_suffix(';')?.trim_end();
    let (table, column) = code.strip_prefix("ALTER TABLE ")?.split_once(" ADD COLUMN ")?;
    (!table.contains(char::is_whitespace) && !column.contains('\n')).then_some((&statement[..at], table, column.trim()))
}

/// Where `ADD COLUMN` inserts a column into the last `CREATE TABLE table (` of `script`: at the
/// comma before the first table constraint or, without one, at the closing parenthesis (SQLite's
/// `addColOffset`). Comments and quoted text are passed over.
fn column_list_end(script: &str, table: &str) -> Option<usize> {
    let open = script.rfind(&format!("CREATE TABLE {table} ("))? + "CREATE TABLE ".len() + table.len() + 1;
    let bytes = script.as_bytes();
    let (mut i, mut depth) = (open + 1, 1);
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_comment(script, i),
            b'\'' | b'"' => i += script[i + 1..].find(bytes[i] as char)? + 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b',' if depth == 1 && starts_constraint(script, i + 1) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte before the end of the `--` comment at `at` (its newline is what follows).
fn skip_comment(script: &str, at: usize) -> usize {
    script[at..].find('\n').map_or(script.len(), |n| at + n) - 1
}

/// Whether the next word after `at` (past blanks and comments) begins a table constraint.
fn starts_constraint(script: &str, mut at: usize) -> bool {
    loop {
        let rest = script[at..].trim_start();
        at = script.len() - rest.len();
        if rest.starts_with("--") {
            at = skip_comment(script, at) + 1;
            continue;
        }
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        return ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(&word.to_ascii_uppercase().as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn schema_of(script: impl Iterator<Item = String>) -> Vec<(String, String, Option<String>)> {
        let conn = Connection::open_in_memory().unwrap();
        for sql in script {
            conn.execute_batch(&sql).unwrap();
        }
        let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn the_script_makes_the_schema_the_migrations_make_with_no_add_column_left() {
        let migrated = schema_of(MIGRATIONS.iter().map(|(_, sql)| sql.to_string()));
        let script = script();
        assert_eq!(schema_of(std::iter::once(script.clone())), migrated);
        let alters: usize = MIGRATIONS.iter().map(|(_, sql)| sql.matches("ADD COLUMN").count()).sum();
        assert!(alters >= 6, "{alters}");
        assert_eq!(script.matches("ADD COLUMN").count(), 0);
    }

    #[test]
    fn a_column_goes_where_sqlite_puts_it() {
        for create in [
            "CREATE TABLE t (a INTEGER, -- a comment, with (parens)\n b TEXT DEFAULT 'x,)'\n) STRICT;",
            "CREATE TABLE t (\n  a INTEGER NOT NULL, -- first\n  b TEXT,  -- second\n  PRIMARY KEY (a, b)\n) STRICT;",
            "CREATE TABLE t (a INTEGER CHECK (a > 0), b TEXT, UNIQUE (b));",
        ] {
            let folded = {
                let at = column_list_end(create, "t").unwrap();
                format!("{}, c TEXT{}", &create[..at], &create[at..])
            };
            let altered = schema_of([create.to_string(), "ALTER TABLE t ADD COLUMN c TEXT;".to_string()].into_iter());
            assert_eq!(schema_of(std::iter::once(folded)), altered, "{create}");
        }
    }
}
