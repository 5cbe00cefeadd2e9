//! API users: bearer tokens, each mapped to a user name and the roles the user holds per
//! category ([`Grants`]). The rules those roles give are [`crate::model::check_write`]'s.

use crate::model::Grants;
use crate::store::MAX_EDITOR_LEN;

/// The user name of the token given with [`Config::token`](super::Config::token).
pub const ADMIN_USER: &str = "admin";

/// One API user: the name recorded in the revision history and audit log, and the roles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct ApiUser {
    /// The name written as the editor of every revision the user makes.
    #[serde(rename = "user")]
    pub name: String,
    /// Roles per category.
    #[serde(default)]
    pub roles: Grants,
}

impl ApiUser {
    /// A user with these roles.
    ///
    /// ```
    /// use tintuc::model::Grants;
    /// use tintuc::web::ApiUser;
    /// let u = ApiUser::new("lan", Grants::admin());
    /// assert_eq!(u.name, "lan");
    /// ```
    pub fn new(name: impl Into<String>, roles: Grants) -> Self {
        ApiUser {
            name: name.into(),
            roles,
        }
    }
}

/// Why a token table was refused. Never quotes a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiUsersError {
    /// The text is not a JSON object of `token: {"user", "roles"}`.
    #[error("tokens file: {0}")]
    Json(#[from] serde_json::Error),
    /// A token is empty or holds whitespace or control characters.
    #[error("a token is empty or holds whitespace or control characters (user {user:?})")]
    BadToken {
        /// The user it was for.
        user: String,
    },
    /// A user name is empty, longer than [`MAX_EDITOR_LEN`] bytes or holds control
    /// characters.
    #[error("user name {user:?} is empty, too long or holds control characters")]
    BadUser {
        /// The name (cut to 40 characters).
        user: String,
    },
}

/// The API's bearer tokens and who each one is.
///
/// Read from JSON with [`ApiUsers::from_json`]: an object from token to
/// `{"user": NAME, "roles": {CATEGORY_SLUG_OR_*: [ROLE, …]}}`.
///
/// ```
/// use tintuc::model::Role;
/// use tintuc::web::ApiUsers;
/// let users = ApiUsers::from_json(r#"{
///     "tok-lan":  {"user": "lan",  "roles": {"thoi-su": ["author"]}},
///     "tok-minh": {"user": "minh", "roles": {"*": ["editor", "publisher"]}}
/// }"#)?;
/// assert_eq!(users.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ApiUsers {
    users: Vec<(String, ApiUser)>,
}

impl ApiUsers {
    /// No users: the API is off.
    pub fn new() -> Self {
        ApiUsers::default()
    }

    /// Reads a token table; see the [type docs](ApiUsers).
    pub fn from_json(text: &str) -> Result<Self, ApiUsersError> {
        let map: std::collections::BTreeMap<String, ApiUser> = serde_json::from_str(text)?;
        let mut users = ApiUsers::new();
        for (token, user) in map {
            users.insert(token, user)?;
        }
        Ok(users)
    }

    /// Adds (or replaces) the user behind `token`.
    pub fn insert(&mut self, token: impl Into<String>, user: ApiUser) -> Result<(), ApiUsersError> {
        let token = token.into();
        if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ApiUsersError::BadToken { user: user.name });
        }
        let name = &user.name;
        if name.trim().is_empty()
            || name.len() > MAX_EDITOR_LEN
            || name.chars().any(char::is_control)
        {
            return Err(ApiUsersError::BadUser {
                user: name.chars().take(40).collect(),
            });
        }
        self.users.retain(|(t, _)| *t != token);
        self.users.push((token, user));
        Ok(())
    }

    /// The `(token, user)` pairs.
    pub(crate) fn into_entries(self) -> Vec<(String, ApiUser)> {
        self.users
    }

    /// How many tokens there are.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Whether there is no token (the API is then off).
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// The user behind `given`, comparing with every token in constant time per token.
    pub(crate) fn find(&self, given: &str) -> Option<&ApiUser> {
        let mut found = None;
        for (token, user) in &self.users {
            if constant_time_eq(given.as_bytes(), token.as_bytes()) {
                found = Some(user);
            }
        }
        found
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    #[test]
    fn tokens_file_reads_and_checks() {
        let users = ApiUsers::from_json(
            r#"{"a1": {"user": "lan", "roles": {"thoi-su": ["author"]}},
                "b2": {"user": "quản trị", "roles": {"*": ["admin"]}}}"#,
        )
        .unwrap();
        let lan = users.find("a1").unwrap();
        assert_eq!(lan.name, "lan");
        assert!(lan
            .roles
            .has(Some(&"thoi-su".parse().unwrap()), Role::Author));
        assert_eq!(users.find("b2").unwrap().name, "quản trị");
        assert!(users.find("a").is_none() && users.find("").is_none());
        for bad in [
            r#"{"": {"user": "lan"}}"#,
            r#"{"a b": {"user": "lan"}}"#,
            r#"{"a": {"user": ""}}"#,
            r#"{"a": {"user": "l\u0000an"}}"#,
            r#"{"a": {"user": "lan", "roles": {"Thời sự": ["author"]}}}"#,
            r#"{"a": {"user": "lan", "roles": {"*": ["owner"]}}}"#,
            r#"["a"]"#,
        ] {
            let e = ApiUsers::from_json(bad).unwrap_err();
            assert!(!e.to_string().contains("a b"), "{e}");
        }
    }
}
