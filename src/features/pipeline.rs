//! The whole feature pipeline of a model: optional holder/target marking of
//! the text, a union of TF-IDF vectorizers (word and character n-grams), and
//! target conditioning. Its configuration is plain data saved in the model,
//! so `predict` rebuilds exactly the features `train` used.
//!
//! Target conditioning (`--target`): SemEval-style data asks for the stance
//! toward a named target, and the same words mean different things for
//! different targets. [`TargetMode::Shared`] adds, for every row, a copy of
//! its features in a block owned by its target (Daume's "frustratingly easy"
//! feature augmentation), so the classifier learns shared and per-target
//! weights in one fit; [`TargetMode::PerTarget`] keeps only the per-target
//! block, which is equivalent to one independent model per target.
//! [`TargetMode::Ignore`] uses the text alone. The default was chosen by
//! cross-validation (see README, "Choosing the defaults").

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::analyzer::TokenizerKind;
use crate::features::entity::{EntityConfig, EntityMarker};
use crate::features::sparse::Csr;
use crate::features::tfidf::{FittedTfidf, TfidfParams, TfidfScratch};
use crate::text::email::EmailStrip;

/// How the target column conditions the features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetMode {
    /// Text features only; the target is not used.
    Ignore,
    /// Shared features plus a per-target copy of them.
    Shared,
    /// Only the per-target copy (one independent model per target).
    PerTarget,
}

impl std::str::FromStr for TargetMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "ignore" => Ok(TargetMode::Ignore),
            "shared" => Ok(TargetMode::Shared),
            "per-target" => Ok(TargetMode::PerTarget),
            _ => Err(Error::Param {
                name: "target-mode",
                value: s.to_string(),
                expected: "one of ignore, shared, per-target".into(),
            }),
        }
    }
}

/// Every feature setting of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// TF-IDF vectorizers whose outputs are stacked side by side (as
    /// sklearn's FeatureUnion), e.g. word 1-2 grams and char_wb 2-5 grams.
    pub vectorizers: Vec<TfidfParams>,
    /// How the target column conditions the features.
    pub target_mode: TargetMode,
    /// Holder/target marking for entity-aware stance, if used.
    pub entity: Option<EntityConfig>,
    /// E-mail parts (headers, quotes, signature) removed before anything
    /// else; absent from model files when nothing is removed.
    #[serde(default, skip_serializing_if = "EmailStrip::is_none")]
    pub email: EmailStrip,
}

/// One input to the pipeline.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    /// The text (a sentence, tweet or document).
    pub text: &'a str,
    /// The stance target, if the model uses one.
    pub target: Option<&'a str>,
    /// The stance holder, if the model uses one.
    pub holder: Option<&'a str>,
}

/// A fitted pipeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Features {
    /// The configuration it was fitted with.
    pub config: FeatureConfig,
    /// Fitted vectorizers, in `config.vectorizers` order.
    pub vectorizers: Vec<FittedTfidf>,
    /// Vectorizer of the positional context tokens (entity models only).
    pub context: Option<FittedTfidf>,
    /// Vectorizer of the holder/target name tokens (entity models only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<FittedTfidf>,
    /// Targets seen at fit time, sorted; each owns a feature block.
    pub targets: Vec<String>,
    #[serde(skip)]
    target_index: FxHashMap<String, usize>,
    #[serde(skip)]
    marker: Option<EntityMarker>,
}

impl Features {
    /// Fit vectorizers (and the target list) on training inputs.
    pub fn fit(config: &FeatureConfig, inputs: &[Input<'_>]) -> Result<Features> {
        if config.vectorizers.is_empty() {
            return Err(Error::Param {
                name: "features",
                value: "none".into(),
                expected: "at least one vectorizer (word or char n-grams)".into(),
            });
        }
        let marker = config.entity.as_ref().map(EntityMarker::new).transpose()?;
        let prepared: Vec<Cow<'_, str>> = inputs
            .iter()
            .map(|i| prepare(marker.as_ref(), config.email, i))
            .collect();
        let docs: Vec<&str> = prepared.iter().map(|c| c.as_ref()).collect();
        let vectorizers = config
            .vectorizers
            .iter()
            .map(|p| p.fit(&docs))
            .collect::<Result<Vec<_>>>()?;
        let context = match &marker {
            Some(m) => {
                let ctx: Vec<String> = docs.iter().map(|d| m.context(d)).collect();
                let ctx_refs: Vec<&str> = ctx.iter().map(String::as_str).collect();
                Some(context_params().fit(&ctx_refs)?)
            }
            None => None,
        };
        let names = match &marker {
            Some(m) if m.config().name_features => {
                let nt: Vec<String> = inputs
                    .iter()
                    .map(|i| m.name_tokens(i.holder, i.target))
                    .collect();
                let refs: Vec<&str> = nt.iter().map(String::as_str).collect();
                Some(context_params().fit(&refs)?)
            }
            _ => None,
        };
        let mut targets: Vec<String> = if config.target_mode == TargetMode::Ignore {
            Vec::new()
        } else {
            inputs
                .iter()
                .filter_map(|i| i.target.map(normalize_target))
                .collect()
        };
        targets.sort();
        targets.dedup();
        let mut f = Features {
            config: config.clone(),
            vectorizers,
            context,
            names,
            targets,
            target_index: FxHashMap::default(),
            marker,
        };
        f.finish_load()?;
        Ok(f)
    }

    /// Rebuild lookup tables after deserializing.
    pub fn finish_load(&mut self) -> Result<()> {
        self.target_index = self
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        if self.marker.is_none() {
            self.marker = self
                .config
                .entity
                .as_ref()
                .map(EntityMarker::new)
                .transpose()?;
        }
        Ok(())
    }

    /// Width of one text block (all vectorizers stacked).
    pub fn block_width(&self) -> usize {
        self.vectorizers
            .iter()
            .map(|v| v.n_features())
            .sum::<usize>()
            + self.context.as_ref().map_or(0, |c| c.n_features())
            + self.names.as_ref().map_or(0, |c| c.n_features())
    }

    /// Total number of feature columns.
    pub fn n_features(&self) -> usize {
        let blocks = match self.config.target_mode {
            TargetMode::Ignore => 1,
            TargetMode::Shared => 1 + self.targets.len(),
            TargetMode::PerTarget => 1 + self.targets.len(),
        };
        self.block_width() * blocks
    }

    /// Name of feature column `col`, for `inspect` and debugging.
    pub fn feature_name(&self, col: usize) -> String {
        let w = self.block_width();
        let (block, mut c) = (col / w, col % w);
        let prefix = if block == 0 {
            String::new()
        } else {
            format!("[{}] ", self.targets[block - 1])
        };
        for v in self
            .vectorizers
            .iter()
            .chain(self.context.as_ref())
            .chain(self.names.as_ref())
        {
            if c < v.n_features() {
                return format!("{prefix}{}", v.feature_name(c));
            }
            c -= v.n_features();
        }
        format!("{prefix}?{col}")
    }

    /// The text the vectorizers see for `input` (after entity marking).
    pub fn prepared_text<'a>(&self, input: &Input<'a>) -> Cow<'a, str> {
        prepare(self.marker.as_ref(), self.config.email, input)
    }

    /// Append the feature row of `input` to `out`.
    pub fn transform_into(&self, input: &Input<'_>, scratch: &mut Scratch, out: &mut Csr) {
        let text = prepare(self.marker.as_ref(), self.config.email, input);
        scratch.block.clear();
        let mut offset = 0u32;
        let ctx = match (&self.marker, &self.context) {
            (Some(m), Some(_)) => Some(m.context(&text)),
            _ => None,
        };
        let parts = self
            .vectorizers
            .iter()
            .map(|v| (v, text.as_ref()))
            .chain(self.context.as_ref().zip(ctx.as_deref()));
        let name_doc = match (&self.marker, &self.names) {
            (Some(m), Some(_)) => Some(m.name_tokens(input.holder, input.target)),
            _ => None,
        };
        let parts = parts.chain(self.names.as_ref().zip(name_doc.as_deref()));
        for (v, doc) in parts {
            scratch.one.indptr.truncate(1);
            scratch.one.indices.clear();
            scratch.one.data.clear();
            scratch.one.n_cols = v.n_features();
            v.transform_into(doc, &mut scratch.tfidf, &mut scratch.one);
            for (&j, &x) in scratch.one.indices.iter().zip(&scratch.one.data) {
                scratch.block.push((j + offset, x));
            }
            offset += v.n_features() as u32;
        }
        let w = self.block_width() as u32;
        let target_block = match self.config.target_mode {
            TargetMode::Ignore => None,
            _ => input
                .target
                .and_then(|t| self.target_index.get(&normalize_target(t)).copied()),
        };
        scratch.row.clear();
        match (self.config.target_mode, target_block) {
            (TargetMode::Ignore, _) | (_, None) => scratch.row.extend_from_slice(&scratch.block),
            (TargetMode::Shared, Some(t)) => {
                scratch.row.extend_from_slice(&scratch.block);
                let base = w * (t as u32 + 1);
                scratch
                    .row
                    .extend(scratch.block.iter().map(|&(j, x)| (j + base, x)));
            }
            (TargetMode::PerTarget, Some(t)) => {
                let base = w * (t as u32 + 1);
                scratch
                    .row
                    .extend(scratch.block.iter().map(|&(j, x)| (j + base, x)));
            }
        }
        // Blocks are appended in increasing column order, each sorted.
        scratch.idx.clear();
        scratch.val.clear();
        scratch.idx.extend(scratch.row.iter().map(|&(j, _)| j));
        scratch.val.extend(scratch.row.iter().map(|&(_, x)| x));
        out.push_row_sorted(&scratch.idx, &scratch.val);
    }

    /// Feature rows of many inputs, in parallel, in input order.
    pub fn transform(&self, inputs: &[Input<'_>]) -> Csr {
        use rayon::prelude::*;
        let chunk = 1024;
        let parts: Vec<Csr> = inputs
            .par_chunks(chunk)
            .map(|c| {
                let mut scratch = Scratch::default();
                let mut out = Csr::new(self.n_features());
                for i in c {
                    self.transform_into(i, &mut scratch, &mut out);
                }
                out
            })
            .collect();
        let mut out = Csr::new(self.n_features());
        for p in &parts {
            out.append(p);
        }
        out
    }
}

/// Reusable per-thread buffers for [`Features::transform_into`].
#[derive(Debug)]
pub struct Scratch {
    tfidf: TfidfScratch,
    one: Csr,
    block: Vec<(u32, f32)>,
    row: Vec<(u32, f32)>,
    idx: Vec<u32>,
    val: Vec<f32>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            tfidf: TfidfScratch::default(),
            one: Csr::new(0),
            block: Vec::new(),
            row: Vec::new(),
            idx: Vec::new(),
            val: Vec::new(),
        }
    }
}

fn prepare<'a>(
    marker: Option<&EntityMarker>,
    email: EmailStrip,
    input: &Input<'a>,
) -> Cow<'a, str> {
    let text = email.apply(input.text);
    match marker {
        Some(m) => Cow::Owned(m.mark(&text, input.holder, input.target)),
        None => text,
    }
}

/// The vectorizer of positional context tokens: whitespace-separated,
/// case kept, binary-ish (sublinear) counts, L2 norm.
fn context_params() -> TfidfParams {
    TfidfParams::new()
        .tokenizer(TokenizerKind::Pattern(r"\S+".to_string()))
        .lowercase(false)
        .sublinear_tf(true)
}

/// Targets match case-insensitively and ignore surrounding whitespace.
pub fn normalize_target(t: &str) -> String {
    t.trim().to_lowercase()
}
