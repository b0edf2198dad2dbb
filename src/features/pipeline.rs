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
//!
//! A per-target block only holds the columns that occur in that target's
//! training rows ([`Features::fit_transform`]): any other column would get
//! weight 0 from the L2-penalized fit anyway, but would still cost the
//! solver memory for its weights, gradient and L-BFGS history. For
//! training, [`Features::fit_transform_blocks`] gives the rows without
//! writing their target copies out ([`BlockRows`]); the solver reads them
//! as they are.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::analyzer::TokenizerKind;
use crate::features::entity::{EntityConfig, EntityMarker};
use crate::features::sparse::Csr;
use crate::features::tfidf::{DocFreq, FittedTfidf, TfidfParams, TfidfScratch};
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
    /// Write each multi-word hashtag's words after it
    /// ([`crate::text::hashtags`]); absent from model files when off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hashtags: bool,
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
    /// The block columns each target's block keeps, in `targets` order.
    /// `None` (and absent from model files) means every block column, as
    /// [`Features::fit`] leaves it; [`Features::fit_transform`] keeps only
    /// the columns that occur in the target's training rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_columns: Option<Vec<ColumnSet>>,
    #[serde(skip)]
    target_index: FxHashMap<String, usize>,
    /// First column of the shared block's end, then of each target block's
    /// end: `ends[0]` is the shared width, `ends[t + 1]` ends target `t`.
    #[serde(skip)]
    ends: Vec<usize>,
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
            .map(|i| prepare(config, marker.as_ref(), i))
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
                Some(context_params(m.config().min_df).fit(&ctx_refs)?)
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
                Some(context_params(m.config().min_df).fit(&refs)?)
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
            target_columns: None,
            target_index: FxHashMap::default(),
            ends: Vec::new(),
            marker,
        };
        f.finish_load()?;
        Ok(f)
    }

    /// [`fit`](Self::fit), then the feature rows of the same inputs, with
    /// each per-target block cut down to the columns that occur in its
    /// target's rows ([`Features::fit_transform_blocks`], widened).
    pub fn fit_transform(config: &FeatureConfig, inputs: &[Input<'_>]) -> Result<(Features, Csr)> {
        let (f, x) = Features::fit_transform_blocks(config, inputs)?;
        Ok((f, x.into_csr()))
    }

    /// [`fit`](Self::fit), then the training rows of the same inputs, each
    /// per-target block cut down to the columns that occur in its target's
    /// rows. With targets, the rows come as [`BlockRows`]: the text blocks
    /// once, with each row's target copy left implicit, which is half the
    /// memory of the widened matrix; the solver reads them as they are.
    pub fn fit_transform_blocks(
        config: &FeatureConfig,
        inputs: &[Input<'_>],
    ) -> Result<(Features, Design)> {
        let mut f = Features::fit(config, inputs)?;
        if f.targets.is_empty() {
            let x = f.transform(inputs);
            return Ok((f, Design::Rows(x)));
        }
        let text = f.par_rows(f.block_width(), inputs, |f, input, scratch, out| {
            f.block_into(input, scratch);
            scratch.idx.clear();
            scratch.val.clear();
            scratch.idx.extend(scratch.block.iter().map(|&(j, _)| j));
            scratch.val.extend(scratch.block.iter().map(|&(_, x)| x));
            out.push_row_sorted(&scratch.idx, &scratch.val);
        });
        let target: Vec<u32> = inputs
            .iter()
            .map(|i| f.target_of(i).map_or(NO_TARGET, |t| t as u32))
            .collect();
        let mut sets: Vec<ColumnSet> = (0..f.targets.len())
            .map(|_| ColumnSet::with_universe(f.block_width()))
            .collect();
        for (i, &t) in target.iter().enumerate() {
            if t != NO_TARGET {
                for &j in text.row(i).indices {
                    sets[t as usize].insert(j);
                }
            }
        }
        for s in &mut sets {
            s.finish();
        }
        f.target_columns = Some(sets.clone());
        f.finish_load()?;
        let rows = BlockRows {
            text,
            target,
            ends: f.ends.clone(),
            mode: f.config.target_mode,
            sets,
        };
        Ok((f, Design::Blocks(rows)))
    }

    /// Rebuild lookup tables after deserializing.
    pub fn finish_load(&mut self) -> Result<()> {
        self.target_index = self
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        let w = self.block_width();
        if let Some(sets) = &self.target_columns {
            if sets.len() != self.targets.len() {
                return Err(Error::Other(format!(
                    "model lists column sets for {} targets and {} targets; expected one set per target",
                    sets.len(),
                    self.targets.len()
                )));
            }
            if let Some(j) = sets
                .iter()
                .filter_map(ColumnSet::last)
                .find(|&j| j as usize >= w)
            {
                return Err(Error::Other(format!(
                    "a target block keeps column {j} of a {w}-column text block; expected columns below {w}"
                )));
            }
        }
        let shared = match (self.config.target_mode, &self.target_columns) {
            (TargetMode::PerTarget, Some(_)) => 0,
            _ => w,
        };
        self.ends = vec![shared];
        for t in 0..self.targets.len() {
            let width = match &self.target_columns {
                Some(sets) => sets[t].len(),
                None => w,
            };
            self.ends.push(self.ends[t] + width);
        }
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

    /// Total number of feature columns: the shared block (absent from a
    /// pruned per-target model, whose rows always carry a target) and
    /// every target's block.
    pub fn n_features(&self) -> usize {
        match self.config.target_mode {
            TargetMode::Ignore => self.block_width(),
            _ => *self.ends.last().expect("finish_load sets the block ends"),
        }
    }

    /// Name of feature column `col`, for `inspect` and debugging.
    pub fn feature_name(&self, col: usize) -> String {
        // The block holding `col`: 0 is shared, t + 1 is target t.
        let block = self.ends.partition_point(|&e| e <= col);
        let (prefix, mut c) = if block == 0 || self.config.target_mode == TargetMode::Ignore {
            (String::new(), col)
        } else if block > self.targets.len() {
            return format!("?{col}");
        } else {
            let p = col - self.ends[block - 1];
            let c = match &self.target_columns {
                Some(sets) => sets[block - 1].select(p) as usize,
                None => p,
            };
            (format!("[{}] ", self.targets[block - 1]), c)
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
        prepare(&self.config, self.marker.as_ref(), input)
    }

    /// The block index of `input`'s target, if the model has one for it.
    fn target_of(&self, input: &Input<'_>) -> Option<usize> {
        match self.config.target_mode {
            TargetMode::Ignore => None,
            _ => input
                .target
                .and_then(|t| self.target_index.get(&normalize_target(t)).copied()),
        }
    }

    /// The text block of `input` (all vectorizers stacked) into
    /// `scratch.block`, as (column, value) in increasing column order.
    fn block_into(&self, input: &Input<'_>, scratch: &mut Scratch) {
        let text = prepare(&self.config, self.marker.as_ref(), input);
        scratch.block.clear();
        let mut offset = 0u32;
        let (ctx, name_doc) = self.entity_docs(&text, input);
        let name_weight = self.name_weight();
        let parts = self
            .vectorizers
            .iter()
            .map(|v| (v, text.as_ref(), 1.0))
            .chain(
                self.context
                    .as_ref()
                    .zip(ctx.as_deref())
                    .map(|(v, d)| (v, d, 1.0)),
            )
            .chain(
                self.names
                    .as_ref()
                    .zip(name_doc.as_deref())
                    .map(|(v, d)| (v, d, name_weight)),
            );
        for (v, doc, scale) in parts {
            scratch.one.indptr.truncate(1);
            scratch.one.indices.clear();
            scratch.one.data.clear();
            scratch.one.n_cols = v.n_features();
            v.transform_into(doc, &mut scratch.tfidf, &mut scratch.one);
            for (&j, &x) in scratch.one.indices.iter().zip(&scratch.one.data) {
                // An exact no-op at the default scale of 1.
                let x = if scale == 1.0 {
                    x
                } else {
                    (f64::from(x) * scale) as f32
                };
                scratch.block.push((j + offset, x));
            }
            offset += v.n_features() as u32;
        }
    }

    /// The scale of the name block's values ([`EntityConfig::name_weight`];
    /// 1 without entity marking).
    pub fn name_weight(&self) -> f64 {
        self.config.entity.as_ref().map_or(1.0, |e| e.name_weight)
    }

    /// The documents of the entity parts of a block, for an input whose
    /// [`prepared_text`](Self::prepared_text) is `marked`: the positional
    /// context tokens (for [`Features::context`]) and the holder and
    /// target name tokens (for [`Features::names`]); `None` for a part the
    /// model lacks.
    pub fn entity_docs(&self, marked: &str, input: &Input<'_>) -> (Option<String>, Option<String>) {
        let Some(m) = &self.marker else {
            return (None, None);
        };
        let ctx = self.context.as_ref().map(|_| m.context(marked));
        let names = self
            .names
            .as_ref()
            .map(|_| m.name_tokens(input.holder, input.target));
        (ctx, names)
    }

    /// Whether a row with target block `t` carries the shared block.
    fn has_shared(&self, t: Option<usize>) -> bool {
        carries_shared(self.ends[0], self.config.target_mode, t.is_some())
    }

    /// Where column `j` of a text block lands in the feature row of an
    /// input whose target index is `t` (`None`: no target, or one unseen
    /// at fit time): its shared-block column, if the row has a shared
    /// block, and its target-block column, if the target's block keeps
    /// `j`. A scorer that folds a row's weights per text column (as the
    /// fused predict path does) adds the weights of both.
    pub fn columns_of(&self, t: Option<usize>, j: usize) -> (Option<usize>, Option<usize>) {
        let shared = self.has_shared(t).then_some(j);
        let own = match (self.config.target_mode, t) {
            (TargetMode::Ignore, _) | (_, None) => None,
            (_, Some(t)) => match &self.target_columns {
                Some(sets) => sets[t].rank(j as u32).map(|r| self.ends[t] + r as usize),
                None => Some(self.ends[t] + j),
            },
        };
        (shared, own)
    }

    /// Index of the target block `input` uses (as [`Features::columns_of`]
    /// takes it): `None` without a target, for an unseen one, or when the
    /// model ignores targets.
    pub fn target_block(&self, input: &Input<'_>) -> Option<usize> {
        self.target_of(input)
    }

    /// The vectorizer whose row of a text is this model's feature row of
    /// that text without a target, when there is one: a single vectorizer,
    /// no entity parts, nothing removed from e-mails, and its columns the
    /// whole (shared) row.
    pub fn plain_text_vectorizer(&self) -> Option<&FittedTfidf> {
        let [v] = self.vectorizers.as_slice() else {
            return None;
        };
        let plain = self.marker.is_none()
            && self.context.is_none()
            && self.names.is_none()
            && self.config.email.is_none()
            && !self.config.hashtags
            && self.n_features() == v.n_features()
            && self.has_shared(None);
        plain.then_some(v)
    }

    /// Append the feature row of `input` to `out`.
    pub fn transform_into(&self, input: &Input<'_>, scratch: &mut Scratch, out: &mut Csr) {
        self.block_into(input, scratch);
        let t = self.target_of(input);
        scratch.idx.clear();
        scratch.val.clear();
        if self.has_shared(t) {
            scratch.idx.extend(scratch.block.iter().map(|&(j, _)| j));
            scratch.val.extend(scratch.block.iter().map(|&(_, x)| x));
        }
        // The target block follows the shared one; both are sorted.
        if let Some(t) = t {
            let base = self.ends[t] as u32;
            match &self.target_columns {
                None => {
                    scratch
                        .idx
                        .extend(scratch.block.iter().map(|&(j, _)| j + base));
                    scratch.val.extend(scratch.block.iter().map(|&(_, x)| x));
                }
                Some(sets) => {
                    for &(j, x) in &scratch.block {
                        if let Some(p) = sets[t].rank(j) {
                            scratch.idx.push(base + p);
                            scratch.val.push(x);
                        }
                    }
                }
            }
        }
        out.push_row_sorted(&scratch.idx, &scratch.val);
    }

    /// Feature rows of many inputs, in parallel, in input order.
    pub fn transform(&self, inputs: &[Input<'_>]) -> Csr {
        self.par_rows(self.n_features(), inputs, |f, input, scratch, out| {
            f.transform_into(input, scratch, out)
        })
    }

    /// Rows `row(input)` of all inputs with `n_cols` columns, built in
    /// parallel batches that are moved into the result as soon as they are
    /// done, so at most one batch exists beside the result.
    fn par_rows<F>(&self, n_cols: usize, inputs: &[Input<'_>], row: F) -> Csr
    where
        F: Fn(&Features, &Input<'_>, &mut Scratch, &mut Csr) + Sync,
    {
        use rayon::prelude::*;
        const CHUNK: usize = 1024;
        const BATCH: usize = 64 * CHUNK;
        let mut out = Csr::new(n_cols);
        out.indptr.reserve_exact(inputs.len());
        for batch in inputs.chunks(BATCH) {
            let parts: Vec<Csr> = batch
                .par_chunks(CHUNK)
                .map(|c| {
                    let mut scratch = Scratch::default();
                    let mut part = Csr::new(n_cols);
                    for i in c {
                        row(self, i, &mut scratch, &mut part);
                    }
                    part
                })
                .collect();
            let nnz: usize = parts.iter().map(Csr::nnz).sum();
            out.indices.reserve(nnz);
            out.data.reserve(nnz);
            for p in parts {
                out.append(&p);
            }
        }
        out.indices.shrink_to_fit();
        out.data.shrink_to_fit();
        out
    }
}

/// A set of columns of a text block, with constant-time rank (position of
/// a column among the set's, which is its column in the target's block):
/// a bitmap plus the number of set bits before each 64-bit word. Saved in
/// model files as the sorted column list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<u32>", into = "Vec<u32>")]
pub struct ColumnSet {
    bits: Vec<u64>,
    /// Set bits before each word (filled by `finish`).
    before: Vec<u32>,
}

impl ColumnSet {
    /// An empty set of columns below `n`.
    pub fn with_universe(n: usize) -> ColumnSet {
        ColumnSet {
            bits: vec![0; n.div_ceil(64)],
            before: Vec::new(),
        }
    }

    /// Add column `j` (below the universe); call [`finish`](Self::finish)
    /// before asking ranks.
    #[inline]
    pub fn insert(&mut self, j: u32) {
        self.bits[j as usize / 64] |= 1 << (j % 64);
    }

    /// Recompute the rank table after inserts.
    pub fn finish(&mut self) {
        self.before.clear();
        self.before.reserve_exact(self.bits.len());
        let mut n = 0u32;
        for w in &self.bits {
            self.before.push(n);
            n += w.count_ones();
        }
    }

    /// The largest column in the set.
    pub fn last(&self) -> Option<u32> {
        let w = self.bits.iter().rposition(|&w| w != 0)?;
        Some((w * 64) as u32 + 63 - self.bits[w].leading_zeros())
    }

    /// Number of columns in the set.
    pub fn len(&self) -> usize {
        match (self.before.last(), self.bits.last()) {
            (Some(&b), Some(w)) => (b + w.count_ones()) as usize,
            _ => self.bits.iter().map(|w| w.count_ones() as usize).sum(),
        }
    }

    /// True when the set holds no column.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Position of column `j` among the set's columns, if it is in the set.
    #[inline]
    pub fn rank(&self, j: u32) -> Option<u32> {
        let (w, b) = (j as usize / 64, j % 64);
        let word = *self.bits.get(w)?;
        if word >> b & 1 == 0 {
            return None;
        }
        Some(self.before[w] + (word & ((1u64 << b) - 1)).count_ones())
    }

    /// The column at position `p` (the inverse of [`rank`](Self::rank)).
    pub fn select(&self, p: usize) -> u32 {
        let w = self.before.partition_point(|&b| b as usize <= p) - 1;
        let mut word = self.bits[w];
        for _ in 0..p - self.before[w] as usize {
            word &= word - 1;
        }
        (w * 64) as u32 + word.trailing_zeros()
    }

    /// The columns in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let b = rest.trailing_zeros();
                    rest &= rest - 1;
                    (w * 64) as u32 + b
                })
            })
        })
    }
}

impl From<Vec<u32>> for ColumnSet {
    fn from(cols: Vec<u32>) -> ColumnSet {
        let n = cols.iter().max().map_or(0, |&m| m as usize + 1);
        let mut s = ColumnSet::with_universe(n);
        for j in cols {
            s.insert(j);
        }
        s.finish();
        s
    }
}

impl From<ColumnSet> for Vec<u32> {
    fn from(s: ColumnSet) -> Vec<u32> {
        s.iter().collect()
    }
}

/// Whether a row carries the shared block: only when the model has one
/// (`shared_width > 0`), and a row with a target block only in shared mode.
fn carries_shared(shared_width: usize, mode: TargetMode, has_target: bool) -> bool {
    shared_width > 0 && (!has_target || mode == TargetMode::Shared)
}

/// Marks a training row without a target block in [`BlockRows::target`].
pub const NO_TARGET: u32 = u32::MAX;

/// Training rows as [`Features::fit_transform_blocks`] gives them.
#[derive(Debug, Clone, PartialEq)]
pub enum Design {
    /// Plain feature rows (a model without targets).
    Rows(Csr),
    /// Rows whose per-target copies are implicit.
    Blocks(BlockRows),
}

impl Design {
    /// The rows as one CSR matrix (per-target copies written out).
    pub fn into_csr(self) -> Csr {
        match self {
            Design::Rows(x) => x,
            Design::Blocks(b) => b.into_csr(),
        }
    }
}

/// Training rows of a model with target blocks, without writing the
/// target copies out. Row `i` of the matrix they stand for is text row `i`
/// at its own columns (the shared copy, when the row keeps one), then the
/// same values at the columns of its target's block: column `j` of the text
/// block is column `ends[t] + rank_t(j)` there, where `rank_t` is the
/// position of `j` among the columns target `t`'s block keeps. Both parts
/// are in increasing column order, as in the widened row.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockRows {
    /// The text block of every row (all vectorizers stacked).
    pub text: Csr,
    /// Each row's target block, or [`NO_TARGET`].
    pub target: Vec<u32>,
    /// `ends[0]` is the shared block's width (0 when there is none);
    /// target `t`'s block spans `ends[t]..ends[t + 1]`.
    ends: Vec<usize>,
    /// The model's target mode (whether rows with a target also keep the
    /// shared copy).
    mode: TargetMode,
    /// The text columns each target's block keeps.
    sets: Vec<ColumnSet>,
}

impl BlockRows {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.text.n_rows()
    }

    /// Number of columns of the widened matrix.
    pub fn n_cols(&self) -> usize {
        *self.ends.last().expect("ends hold the shared block's end")
    }

    /// Whether row `i` keeps its shared copy.
    #[inline]
    pub fn keeps_shared(&self, i: usize) -> bool {
        carries_shared(self.ends[0], self.mode, self.target[i] != NO_TARGET)
    }

    /// The target-block columns of row `i`'s copy into `buf`; false for a
    /// row without a target.
    #[inline]
    pub fn copy_columns(&self, i: usize, buf: &mut Vec<u32>) -> bool {
        let t = self.target[i];
        if t == NO_TARGET {
            return false;
        }
        let (base, set) = (self.ends[t as usize] as u32, &self.sets[t as usize]);
        let x = &self.text;
        buf.clear();
        buf.extend(x.indices[x.indptr[i]..x.indptr[i + 1]].iter().map(|&j| {
            base + set
                .rank(j)
                .expect("a training row's column is in its target's set")
        }));
        true
    }

    /// Stored values of widened row `i`.
    #[inline]
    pub fn row_len(&self, i: usize) -> usize {
        let copies = usize::from(self.keeps_shared(i)) + usize::from(self.target[i] != NO_TARGET);
        copies * (self.text.indptr[i + 1] - self.text.indptr[i])
    }

    /// Stored values of the widened matrix.
    pub fn nnz(&self) -> usize {
        (0..self.n_rows()).map(|i| self.row_len(i)).sum()
    }

    /// The widened matrix, built in place. With a shared block every row
    /// grows (its target copy is added), so rows are moved from the last
    /// to the first, each to a start at or after its old one; in
    /// per-target mode rows keep their length or (without a target) lose
    /// every value, so they are moved from the first, each to a start at
    /// or before its old one. Either way no row is overwritten before it
    /// is read.
    pub fn into_csr(mut self) -> Csr {
        let n = self.n_rows();
        let mut ptr = Vec::with_capacity(n + 1);
        ptr.push(0usize);
        for i in 0..n {
            ptr.push(ptr[i] + self.row_len(i));
        }
        let n_cols = self.n_cols();
        let old = &self.text.indptr;
        let grows = (0..n).all(|i| ptr[i] >= old[i]);
        debug_assert!(grows || (0..n).all(|i| ptr[i] <= old[i]));
        let nnz = ptr[n].max(self.text.nnz());
        self.text.indices.resize(nnz, 0);
        self.text.data.resize(nnz, 0.0);
        let mut copy = Vec::new();
        let mut step = |i: usize| {
            let (a, b) = (self.text.indptr[i], self.text.indptr[i + 1]);
            // The target copy (last in the row) first. It starts at or
            // after `b` when the row keeps its shared copy, so that copy
            // still finds the old row at `a..b`.
            if self.copy_columns(i, &mut copy) {
                let start = ptr[i + 1] - copy.len();
                self.text.indices[start..ptr[i + 1]].copy_from_slice(&copy);
                self.text.data.copy_within(a..b, start);
            }
            if self.keeps_shared(i) {
                self.text.indices.copy_within(a..b, ptr[i]);
                self.text.data.copy_within(a..b, ptr[i]);
            }
        };
        if grows {
            (0..n).rev().for_each(&mut step);
        } else {
            (0..n).for_each(&mut step);
        }
        self.text.indices.truncate(ptr[n]);
        self.text.data.truncate(ptr[n]);
        self.text.indptr = ptr;
        self.text.n_cols = n_cols;
        self.text
    }
}

/// Reusable per-thread buffers for [`Features::transform_into`].
#[derive(Debug)]
pub struct Scratch {
    tfidf: TfidfScratch,
    one: Csr,
    block: Vec<(u32, f32)>,
    idx: Vec<u32>,
    val: Vec<f32>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            tfidf: TfidfScratch::default(),
            one: Csr::new(0),
            block: Vec::new(),
            idx: Vec::new(),
            val: Vec::new(),
        }
    }
}

fn prepare<'a>(
    config: &FeatureConfig,
    marker: Option<&EntityMarker>,
    input: &Input<'a>,
) -> Cow<'a, str> {
    let mut text = config.email.apply(input.text);
    if config.hashtags {
        if let Cow::Owned(t) = crate::text::hashtags::expand(&text) {
            text = Cow::Owned(t);
        }
    }
    match marker {
        Some(m) => Cow::Owned(m.mark(&text, input.holder, input.target)),
        None => text,
    }
}

/// The vectorizer of positional context tokens: whitespace-separated,
/// case kept, binary-ish (sublinear) counts, L2 norm, tokens in at least
/// `min_df` rows.
fn context_params(min_df: usize) -> TfidfParams {
    TfidfParams::new()
        .tokenizer(TokenizerKind::Pattern(r"\S+".to_string()))
        .lowercase(false)
        .sublinear_tf(true)
        .min_df(DocFreq::Count(min_df))
}

/// Targets match case-insensitively and ignore surrounding whitespace.
pub fn normalize_target(t: &str) -> String {
    t.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_df_drops_rare_context_and_name_tokens() {
        let rows = [
            ("France backs the tariffs.", "France"),
            ("Japan backs the tariffs.", "Japan"),
            ("Peru firmly rejects the tariffs today.", "Peru"),
        ];
        let inputs: Vec<Input> = rows
            .iter()
            .map(|(text, holder)| Input {
                text,
                target: Some("tariffs"),
                holder: Some(holder),
            })
            .collect();
        let fit = |min_df: usize| {
            let config = FeatureConfig {
                vectorizers: vec![TfidfParams::new()],
                target_mode: TargetMode::Ignore,
                entity: Some(EntityConfig {
                    min_df,
                    ..EntityConfig::default()
                }),
                email: EmailStrip::NONE,
                hashtags: false,
            };
            Features::fit(&config, &inputs).unwrap()
        };
        let (all, common) = (fit(1), fit(2));
        let n = |f: &Features| {
            (
                f.context.as_ref().unwrap().n_features(),
                f.names.as_ref().unwrap().n_features(),
            )
        };
        // "hr_firmly" and "hn_peru" are in one row only; "tl_backs" and
        // "tn_tariffs" in two and three.
        let has =
            |f: &Option<FittedTfidf>, t: &str| f.as_ref().unwrap().vocabulary().get(t).is_some();
        assert!(has(&all.context, "hr_firmly") && !has(&common.context, "hr_firmly"));
        assert!(has(&common.context, "tl_backs"));
        assert!(has(&all.names, "hn_peru") && !has(&common.names, "hn_peru"));
        assert!(has(&common.names, "tn_tariffs"));
        assert!(n(&common).0 < n(&all).0 && n(&common).1 < n(&all).1);
    }

    /// Three targets; "ferry" and "tunnel" rows share few words, so each
    /// target's block misses most of the other targets' columns.
    const ROWS: [(&str, &str); 6] = [
        ("the ferry fares rose again", "ferry"),
        ("ferry crews want better pay", "Ferry "),
        ("the tunnel toll is too high", "tunnel"),
        ("close the tunnel at night", "TUNNEL"),
        ("new cycle lanes on the bridge", "lanes"),
        ("lanes make the bridge safer", "lanes"),
    ];

    fn config(mode: TargetMode) -> FeatureConfig {
        FeatureConfig {
            vectorizers: vec![TfidfParams::new()],
            target_mode: mode,
            entity: None,
            email: EmailStrip::NONE,
            hashtags: false,
        }
    }

    fn inputs() -> Vec<Input<'static>> {
        ROWS.iter()
            .map(|&(text, target)| Input {
                text,
                target: Some(target),
                holder: None,
            })
            .collect()
    }

    /// Each row as sorted (feature name, value) pairs.
    fn named_rows(f: &Features, x: &Csr) -> Vec<Vec<(String, f32)>> {
        (0..x.n_rows())
            .map(|i| {
                let r = x.row(i);
                let mut v: Vec<(String, f32)> = r
                    .indices
                    .iter()
                    .zip(r.data)
                    .map(|(&j, &x)| (f.feature_name(j as usize), x))
                    .collect();
                v.sort_by(|a, b| a.0.cmp(&b.0));
                v
            })
            .collect()
    }

    #[test]
    fn column_set_ranks_selects_and_round_trips() {
        let s = ColumnSet::from(vec![3, 64, 65, 200]);
        assert_eq!(s.len(), 4);
        assert_eq!(s.last(), Some(200));
        assert_eq!(
            [0, 3, 4, 64, 65, 66, 200, 201, 5000].map(|j| s.rank(j)),
            [
                None,
                Some(0),
                None,
                Some(1),
                Some(2),
                None,
                Some(3),
                None,
                None
            ]
        );
        assert_eq!(
            (0..4).map(|p| s.select(p)).collect::<Vec<_>>(),
            [3, 64, 65, 200]
        );
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "[3,64,65,200]");
        assert_eq!(serde_json::from_str::<ColumnSet>(&json).unwrap(), s);
        let empty = ColumnSet::from(Vec::new());
        assert!(empty.is_empty());
        assert_eq!((empty.last(), empty.rank(0)), (None, None));
    }

    #[test]
    fn shared_blocks_keep_only_columns_of_their_targets_rows() {
        let inputs = inputs();
        let full = Features::fit(&config(TargetMode::Shared), &inputs).unwrap();
        let xf = full.transform(&inputs);
        let (f, x) = Features::fit_transform(&config(TargetMode::Shared), &inputs).unwrap();
        // 24 distinct words; targets ferry (9 words), lanes (8), tunnel (9).
        assert_eq!(f.targets, ["ferry", "lanes", "tunnel"]);
        assert_eq!(f.block_width(), 24);
        assert_eq!(full.n_features(), 96);
        assert_eq!(f.n_features(), 24 + 9 + 8 + 9);
        assert_eq!(x.n_cols, f.n_features());
        // Every column occurs in some training row.
        let mut seen = vec![0usize; x.n_cols];
        for &j in &x.indices {
            seen[j as usize] += 1;
        }
        assert_eq!(seen.iter().position(|&n| n == 0), None);
        assert_eq!(f.feature_name(24), "[ferry] word:again");
        assert_eq!(f.feature_name(24 + 9 + 8), "[tunnel] word:at");
        // Same features under the same names, and the same rows from the
        // in-place widening as from one-row transforms.
        assert_eq!(named_rows(&f, &x), named_rows(&full, &xf));
        assert_eq!(f.transform(&inputs), x);
    }

    #[test]
    fn pruned_blocks_survive_a_model_file_and_drop_unseen_columns() {
        let inputs = inputs();
        let (f, x) = Features::fit_transform(&config(TargetMode::Shared), &inputs).unwrap();
        let json = serde_json::to_string(&f).unwrap();
        assert!(
            json.contains(r#""target_columns":[[0,2,5,7,8,16,17,19,23],"#),
            "{json}"
        );
        let mut back: Features = serde_json::from_str(&json).unwrap();
        back.finish_load().unwrap();
        assert_eq!(back.n_features(), f.n_features());
        assert_eq!(back.transform(&inputs), x);
        // "tunnel" words under the ferry target: only the shared block and
        // the ferry block's "the" remain.
        let probe = [Input {
            text: "the tunnel",
            target: Some("ferry"),
            holder: None,
        }];
        let row = back.transform(&probe);
        let names: Vec<String> = row
            .indices
            .iter()
            .map(|&j| back.feature_name(j as usize))
            .collect();
        assert_eq!(names, ["word:the", "word:tunnel", "[ferry] word:the"]);
    }

    #[test]
    fn pruned_per_target_model_has_no_shared_block() {
        let inputs = inputs();
        let (f, x) = Features::fit_transform(&config(TargetMode::PerTarget), &inputs).unwrap();
        assert_eq!(f.n_features(), 9 + 8 + 9);
        assert_eq!(
            x.nnz(),
            Features::fit(&config(TargetMode::Ignore), &inputs)
                .unwrap()
                .transform(&inputs)
                .nnz()
        );
        assert_eq!(f.feature_name(0), "[ferry] word:again");
        let unknown = [Input {
            text: "the ferry",
            target: Some("airport"),
            holder: None,
        }];
        assert_eq!(f.transform(&unknown).nnz(), 0);
    }

    #[test]
    fn rows_without_a_target_widen_as_they_transform() {
        // A training row without a target has only the shared block, or
        // (per-target mode) no feature at all; widening moves the rows
        // around it (up in shared mode, down in per-target mode).
        let mut inputs = inputs();
        inputs[1].target = None;
        inputs[4].target = None;
        for mode in [TargetMode::Shared, TargetMode::PerTarget] {
            let (f, x) = Features::fit_transform(&config(mode), &inputs).unwrap();
            assert_eq!(x, f.transform(&inputs), "{mode:?}");
            let empty = (0..x.n_rows()).filter(|&i| x.row(i).nnz() == 0).count();
            assert_eq!(empty, if mode == TargetMode::Shared { 0 } else { 2 });
        }
    }

    #[test]
    fn ignore_mode_fit_transform_equals_fit_then_transform() {
        let inputs = inputs();
        let (f, x) = Features::fit_transform(&config(TargetMode::Ignore), &inputs).unwrap();
        assert!(f.target_columns.is_none());
        let g = Features::fit(&config(TargetMode::Ignore), &inputs).unwrap();
        assert_eq!(g.transform(&inputs), x);
        assert_eq!(x.n_cols, 24);
    }

    /// `columns_of` places every text-block value where `transform` does,
    /// for pruned and full layouts in each mode, with known, unseen and
    /// missing targets.
    #[test]
    fn columns_of_agrees_with_transform() {
        let probes = [
            ("the ferry fares rose", Some("ferry")),
            ("the tunnel toll", Some("ferry")),
            ("close the tunnel", Some("TUNNEL")),
            ("bridge lanes", Some("airport")),
            ("the bridge", None),
        ];
        let inputs = inputs();
        for mode in [
            TargetMode::Shared,
            TargetMode::PerTarget,
            TargetMode::Ignore,
        ] {
            let pruned = Features::fit_transform(&config(mode), &inputs).unwrap().0;
            let full = Features::fit(&config(mode), &inputs).unwrap();
            for f in [&pruned, &full] {
                let mut scratch = Scratch::default();
                for (text, target) in probes {
                    let input = Input {
                        text,
                        target,
                        holder: None,
                    };
                    f.block_into(&input, &mut scratch);
                    let t = f.target_block(&input);
                    let mut want: Vec<(u32, f32)> = Vec::new();
                    for &(j, x) in &scratch.block {
                        let (a, b) = f.columns_of(t, j as usize);
                        want.extend(a.into_iter().chain(b).map(|c| (c as u32, x)));
                    }
                    want.sort_by_key(|e| e.0);
                    let row = f.transform(&[input]);
                    let got: Vec<(u32, f32)> = row
                        .indices
                        .iter()
                        .copied()
                        .zip(row.data.iter().copied())
                        .collect();
                    assert_eq!(got, want, "{mode:?} {text:?} {target:?}");
                }
            }
        }
    }
}
