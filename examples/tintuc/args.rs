//! Minimal argument handling shared by the commands (no parser dependency).

use std::fmt;
use std::io::{BufRead, BufReader};

/// A usage mistake: reported with the usage text and exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageError {}

pub type CmdResult = Result<std::process::ExitCode, Box<dyn std::error::Error>>;

/// Parsed `--name value` options and `--flag`s.
pub struct Args {
    rest: Vec<String>,
}

#[allow(dead_code)] // each command uses a different subset
impl Args {
    pub fn new(argv: Vec<String>) -> Self {
        Args { rest: argv }
    }

    /// Removes `--name VALUE` (or `--name=VALUE`) and returns VALUE.
    pub fn value(&mut self, name: &str) -> Result<Option<String>, UsageError> {
        let prefix = format!("{name}=");
        if let Some(i) = self.rest.iter().position(|a| a.starts_with(&prefix)) {
            let a = self.rest.remove(i);
            return Ok(Some(a[prefix.len()..].to_string()));
        }
        let Some(i) = self.rest.iter().position(|a| a == name) else {
            return Ok(None);
        };
        self.rest.remove(i);
        if i < self.rest.len() {
            Ok(Some(self.rest.remove(i)))
        } else {
            Err(UsageError(format!("{name} needs a value")))
        }
    }

    /// Removes `--name VALUE` and parses it.
    pub fn parsed<T: std::str::FromStr>(&mut self, name: &str) -> Result<Option<T>, UsageError>
    where
        T::Err: fmt::Display,
    {
        match self.value(name)? {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|e| UsageError(format!("{name} {v:?}: {e}"))),
        }
    }

    /// Removes `--flag` and says whether it was there.
    pub fn flag(&mut self, name: &str) -> bool {
        match self.rest.iter().position(|a| a == name) {
            Some(i) => {
                self.rest.remove(i);
                true
            }
            None => false,
        }
    }

    /// Fails on anything not consumed.
    pub fn finish(self) -> Result<(), UsageError> {
        match self.rest.first() {
            None => Ok(()),
            Some(a) => Err(UsageError(format!("unexpected argument {a:?}"))),
        }
    }
}

/// Opens a file, or standard input for `-`.
pub fn open_input(path: &str) -> std::io::Result<Box<dyn BufRead>> {
    if path == "-" {
        Ok(Box::new(BufReader::new(std::io::stdin().lock())))
    } else {
        let f = std::fs::File::open(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{path}: {e}")))?;
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}
