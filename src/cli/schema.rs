use std::io::Write;

use super::{Cli, Outcome};
use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(
    _cli: &Cli,
    _args: &Args,
    _out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<Outcome, Error> {
    Err(Error::NotYet("schema"))
}
