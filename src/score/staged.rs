//! [`StagedDoc`]: a document made ready for the word-cache scorer ahead of
//! its turn, and the two staging steps
//! ([`stage_words`](StagedDoc::stage_words),
//! [`stage_records`](StagedDoc::stage_records)) that `WordScorer` runs.
//!
//! Layout: the preprocessed text (in the staged document's own analyzer
//! scratch), one [`WordRef`] per whitespace word (its byte span in that
//! text, its cache hash and the record it seems to have), the block it is
//! scored in and the cache generation its records were looked up under.
//!
//! Invariants: a staged record is only a guess (a tag match in the probe
//! table), used only when the cache's generation is unchanged and the
//! record's key is the word's ([`StagedDoc::record_of`]); so staging only
//! fetches memory early, and the cache may change between staging and
//! scoring without changing a score.

use crate::features::analyzer::{AnalyzerScratch, TextAnalyzer};

use super::word_cache::{BlockAt, WordCache, BLOCKS_PER_RECORD, NOT_FOUND, WORD_CACHE_MAX_KEY};

/// A document made ready for the word-cache scorer ahead of its turn
/// ([`StagedDoc::stage_words`], [`StagedDoc::stage_records`], then
/// `WordScorer::score_staged`): its preprocessed text, its words with
/// their hashes and the records they seem to have. Staging documents one
/// or two ahead of the one being scored lets the cache's memory come while
/// the CPU works, instead of within one document.
#[derive(Debug, Default, Clone)]
pub struct StagedDoc {
    analyzer: AnalyzerScratch,
    words: Vec<WordRef>,
    block: u32,
    blocks: u32,
    /// The cache's generation when the records were looked up, if they
    /// were.
    generation: Option<u64>,
}

/// A word of the document being scored (`WordScorer::score_words`).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WordRef {
    start: u32,
    len: u32,
    pub(super) hash: u64,
    /// Record offset found in the first pass, or `NOT_FOUND`.
    found: u32,
}

impl StagedDoc {
    /// The preprocessed text the words are spans of.
    #[inline]
    pub(super) fn text(&self) -> &str {
        self.analyzer.text()
    }

    /// The words, in order.
    #[inline]
    pub(super) fn words(&self) -> &[WordRef] {
        &self.words
    }

    /// Where the document's block keeps its sums in a word's record.
    #[inline]
    pub(super) fn block_at(&self) -> BlockAt {
        BlockAt::new(self.block, self.blocks)
    }

    /// Blocks per record ([`BLOCKS_PER_RECORD`]
    /// at most).
    #[inline]
    pub(super) fn per_record(&self) -> usize {
        self.blocks.clamp(1, BLOCKS_PER_RECORD as u32) as usize
    }

    /// The bytes of word `w`.
    #[inline]
    pub(super) fn word_bytes(&self, w: &WordRef) -> &[u8] {
        &self.text().as_bytes()[w.start as usize..][..w.len as usize]
    }

    /// The text of word `w`.
    #[inline]
    pub(super) fn word(&self, w: &WordRef) -> &str {
        &self.text()[w.start as usize..][..w.len as usize]
    }

    /// The record of word `w` (whose text is `b`) in `cache` for the
    /// document's block group, or [`NOT_FOUND`]: the staged guess when it
    /// still holds, else a lookup (after a tag collision, a word added by
    /// an earlier word of this document, or an emptied cache). Always
    /// [`NOT_FOUND`] for a word too long to be cached.
    #[inline]
    pub(super) fn record_of(&self, cache: &WordCache, w: &WordRef, b: &[u8], group: u32) -> u32 {
        if b.len() > WORD_CACHE_MAX_KEY {
            return NOT_FOUND;
        }
        if Some(cache.generation()) == self.generation && cache.is_at(w.found, group, b) {
            w.found
        } else {
            cache.find(w.hash, group, b)
        }
    }
}

impl StagedDoc {
    /// The first step of scoring `doc` ahead of its turn
    /// (`WordScorer::score_staged`): preprocesses it with `text_analyzer`
    /// into `self`, splits and hashes its words and asks for their slots
    /// of `cache`, so that they are on their way while other documents are
    /// scored. `block` and `blocks` are as for `WordScorer::score_words`.
    pub fn stage_words(
        &mut self,
        text_analyzer: &TextAnalyzer,
        doc: &str,
        cache: &WordCache,
        block: u32,
        blocks: u32,
    ) {
        let StagedDoc {
            analyzer,
            words,
            block: staged_block,
            blocks: staged_blocks,
            generation,
        } = self;
        (*staged_block, *staged_blocks, *generation) = (block, blocks, None);
        let text = text_analyzer.preprocessed(doc, analyzer);
        let group = BlockAt::new(block, blocks).group;
        words.clear();
        for w in TextAnalyzer::wb_words(text) {
            let b = w.as_bytes();
            let hash = WordCache::hash(group, b);
            cache.prefetch_slot(hash);
            words.push(WordRef {
                start: (b.as_ptr() as usize - text.as_ptr() as usize) as u32,
                len: b.len() as u32,
                hash,
                found: NOT_FOUND,
            });
        }
    }

    /// The second step, after [`stage_words`](Self::stage_words) (best a
    /// document or so later, when the slots have come): reads the words'
    /// slots of `cache` and asks for the records they point at. Finding
    /// them is only a guess, checked when the document is scored, so
    /// `cache` may change in between.
    pub fn stage_records(&mut self, cache: &WordCache) {
        let slot = BlockAt::new(self.block, self.blocks).slot;
        for w in self.words.iter_mut() {
            if w.len as usize <= WORD_CACHE_MAX_KEY {
                w.found = cache.candidate(w.hash, slot, w.len as usize);
            }
        }
        self.generation = Some(cache.generation());
    }
}
