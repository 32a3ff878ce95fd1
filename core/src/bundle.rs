//! The bundle: the one artifact `endpoint-compile` writes and the filter loads.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `\x89EPBNDL\n` |
//! | 4 | format version ([`FORMAT_VERSION`]) |
//! | 32 | SHA-256 of the payload (the content hash) |
//! | 8 | payload length |
//! | n | the payload, DEFLATE-compressed (RFC 1951) |
//!
//! The payload is [`BundleContent`] as compact JSON. Compressed, a bundle of 10,000
//! endpoints fits a Kubernetes ConfigMap (1 MiB after base64; docs/benchmarks.md):
//! definitions repeat themselves, and JSON compresses about 100 to 1 for them.
//!
//! The magic's first byte is non-ASCII so that the bundle is never mistaken for text.
//! The payload is canonical (sorted by the compiler, maps ordered by key), so the same
//! definitions give byte-identical bundles and the hash identifies the content: it is
//! the hash of the JSON, whatever the compression.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::model::BundleContent;

/// The configuration of a filter that has no bundle yet, and answers every request
/// `503`: what Envoy starts it with (`default_config`) until a sync delivers one. It
/// is not a bundle, and nothing else that is not one (an empty file) is taken for it.
pub const NO_BUNDLE: &[u8] = b"endpoint: no bundle yet";

pub const MAGIC: [u8; 8] = *b"\x89EPBNDL\n";
pub const FORMAT_VERSION: u32 = 2;
/// The most a payload may declare, uncompressed: far more than any bundle (10,000
/// endpoints take 12 MiB), and it bounds what a damaged or hostile bundle can make
/// the filter allocate before its hash is checked.
pub const MAX_PAYLOAD_BYTES: u64 = 256 << 20;
/// DEFLATE's level: 6 compresses a generated bundle of 10,000 endpoints within 3% of
/// level 9, in less time.
const COMPRESSION_LEVEL: u8 = 6;
const HEADER_LEN: usize = 8 + 4 + 32 + 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    TooShort {
        len: usize,
    },
    BadMagic,
    UnsupportedVersion {
        found: u32,
    },
    LengthMismatch {
        declared: u64,
        actual: usize,
    },
    HashMismatch,
    /// The payload declares more than [`MAX_PAYLOAD_BYTES`].
    TooLarge {
        declared: u64,
    },
    /// The compressed payload does not inflate.
    Damaged(String),
    /// The payload inflates past the length the header declares.
    LongerThanDeclared {
        declared: u64,
    },
    /// Bytes follow the compressed payload: two files joined, or a copy gone wrong.
    TrailingBytes {
        extra: usize,
    },
    BadPayload(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooShort { len } => write!(
                f,
                "the configuration is {len} bytes, too short for a bundle: pass the file endpoint-compile wrote, as a BytesValue or in JSON as {{\"bundle\": \"BASE64\"}}"
            ),
            DecodeError::BadMagic => write!(
                f,
                "the configuration is not an Endpoint bundle (wrong magic): pass the file endpoint-compile wrote, as a BytesValue or in JSON as {{\"bundle\": \"BASE64\"}}"
            ),
            DecodeError::UnsupportedVersion { found } => write!(
                f,
                "bundle format version {found}, this filter reads version {FORMAT_VERSION}: compile the definitions with the endpoint-compile of the same release as the filter"
            ),
            DecodeError::LengthMismatch { declared, actual } => write!(
                f,
                "bundle declares a {declared}-byte payload but carries {actual} bytes: the file is truncated or damaged, compile it again"
            ),
            DecodeError::HashMismatch => write!(
                f,
                "bundle content does not match its hash: the file is damaged, compile it again"
            ),
            DecodeError::TooLarge { declared } => write!(
                f,
                "bundle declares a {declared}-byte payload, over the {MAX_PAYLOAD_BYTES} bytes a bundle may hold: the file is damaged, compile it again"
            ),
            DecodeError::Damaged(reason) => write!(
                f,
                "bundle payload does not decompress ({reason}): the file is truncated or damaged, compile it again"
            ),
            DecodeError::LongerThanDeclared { declared } => write!(
                f,
                "bundle payload inflates past the {declared} bytes its header declares: the file is damaged, compile it again"
            ),
            DecodeError::TrailingBytes { extra } => write!(
                f,
                "{extra} bytes follow the bundle's payload: the file holds more than one bundle or was damaged in a copy, compile it again"
            ),
            DecodeError::BadPayload(reason) => write!(f, "bundle payload is unreadable: {reason}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The content hash, shown in lowercase hex as the bundle's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of(payload: &[u8]) -> ContentHash {
        ContentHash(Sha256::digest(payload).into())
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// The first 12 hex digits: what logs and listings show.
    pub fn short(&self) -> String {
        hex(&self.0[..6])
    }

    /// The first 48 bits as a number: exact in a gauge, also as a float (Prometheus).
    pub fn gauge_value(&self) -> u64 {
        self.0[..6]
            .iter()
            .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte))
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// Serializes `content` into a bundle.
pub fn encode(content: &BundleContent) -> Vec<u8> {
    // Serializing plain data (strings, enums, vectors) into a Vec cannot fail.
    let payload = serde_json::to_vec(content).unwrap_or_default();
    let hash = ContentHash::of(&payload);
    let compressed = miniz_oxide::deflate::compress_to_vec(&payload, COMPRESSION_LEVEL);
    let mut out = Vec::with_capacity(HEADER_LEN + compressed.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&hash.0);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&compressed);
    out
}

/// Checks the envelope and reads the content; semantic checks are the engine's.
pub fn decode(bytes: &[u8]) -> Result<(ContentHash, BundleContent), DecodeError> {
    let header = bytes
        .get(..HEADER_LEN)
        .ok_or(DecodeError::TooShort { len: bytes.len() })?;
    let (magic, rest) = header.split_at(8);
    if magic != MAGIC {
        return Err(DecodeError::BadMagic);
    }
    let (version, rest) = rest.split_at(4);
    let version = u32::from_le_bytes(version.try_into().map_err(|_| DecodeError::BadMagic)?);
    if version != FORMAT_VERSION {
        return Err(DecodeError::UnsupportedVersion { found: version });
    }
    let (hash, length) = rest.split_at(32);
    let declared = u64::from_le_bytes(length.try_into().map_err(|_| DecodeError::BadMagic)?);
    if declared > MAX_PAYLOAD_BYTES {
        return Err(DecodeError::TooLarge { declared });
    }
    let compressed = bytes.get(HEADER_LEN..).unwrap_or_default();
    let limit = usize::try_from(declared).unwrap_or(usize::MAX);
    let payload = inflate(compressed, limit)?;
    if declared != payload.len() as u64 {
        return Err(DecodeError::LengthMismatch {
            declared,
            actual: payload.len(),
        });
    }
    let actual = ContentHash::of(&payload);
    if actual.0 != hash {
        return Err(DecodeError::HashMismatch);
    }
    let content =
        serde_json::from_slice(&payload).map_err(|e| DecodeError::BadPayload(e.to_string()))?;
    Ok((actual, content))
}

/// Inflates a raw DEFLATE stream that must end where `compressed` ends, into at
/// most `limit` bytes: a payload that would grow past the declared length is
/// refused, never held whole, and the output grows as the input proves it needs
/// to, so a hostile header alone cannot make the filter allocate its limit.
fn inflate(compressed: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

    // The whole output is one buffer, so matches may reach back into all of it.
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut decompressor = Box::<DecompressorOxide>::default();
    let mut out = vec![0; compressed.len().saturating_mul(4).clamp(1, limit.max(1))];
    let mut written = 0;
    let mut input = compressed;
    loop {
        let (status, consumed, produced) =
            decompress(&mut decompressor, input, &mut out, written, flags);
        written += produced;
        input = input.get(consumed..).unwrap_or_default();
        match status {
            TINFLStatus::Done if input.is_empty() => {
                out.truncate(written);
                return Ok(out);
            }
            TINFLStatus::Done => return Err(DecodeError::TrailingBytes { extra: input.len() }),
            TINFLStatus::HasMoreOutput if out.len() < limit => {
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => {
                return Err(DecodeError::LongerThanDeclared {
                    declared: limit as u64,
                });
            }
            failed => return Err(DecodeError::Damaged(format!("{failed:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn sample() -> BundleContent {
        BundleContent {
            upstreams: Vec::new(),
            endpoints: vec![Endpoint {
                route_group: Some("demo".into()),
                routes: vec!["/hello/{name}".into()],
                ..Endpoint::example(
                    "hello",
                    "/hello/{name}",
                    Method::Get,
                    "result = {payload: 'hi'}",
                )
            }],
            users: vec![User {
                login: "anon".into(),
                name: "Anonymous".into(),
                groups: vec![],
                api_keys: vec![],
            }],
            auth: AuthSettings::default(),
            vars: Default::default(),
        }
    }

    #[test]
    fn round_trips_and_is_deterministic() {
        let bytes = encode(&sample());
        assert_eq!(bytes, encode(&sample()));
        assert_eq!(&bytes[..8], &MAGIC);
        let (hash, content) = decode(&bytes).unwrap();
        assert_eq!(content, sample());
        assert_eq!(hash.0.as_slice(), &bytes[12..44]);
    }

    #[test]
    fn different_content_has_a_different_hash() {
        let mut other = sample();
        other.endpoints[0].code.push(' ');
        let (a, _) = decode(&encode(&sample())).unwrap();
        let (b, _) = decode(&encode(&other)).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn refuses_every_kind_of_damage() {
        let good = encode(&sample());
        assert_eq!(decode(&[]), Err(DecodeError::TooShort { len: 0 }));
        assert_eq!(decode(&good[..20]), Err(DecodeError::TooShort { len: 20 }));
        assert_eq!(
            decode(b"{\"endpoints\": [] , \"users\": [], \"padding\": \"........\"}"),
            Err(DecodeError::BadMagic)
        );

        // Version 1, the uncompressed format of earlier releases.
        let mut version = good.clone();
        version[8] = 1;
        assert_eq!(
            decode(&version),
            Err(DecodeError::UnsupportedVersion { found: 1 })
        );
        assert!(
            decode(&version)
                .unwrap_err()
                .to_string()
                .contains("version 1, this filter reads version 2")
        );

        let truncated = &good[..good.len() - 1];
        assert!(matches!(decode(truncated), Err(DecodeError::Damaged(_))));

        // A payload declared shorter than it inflates to: refused at the declared
        // length, never inflated whole.
        let mut short = good.clone();
        short[44..52].copy_from_slice(&10u64.to_le_bytes());
        assert_eq!(
            decode(&short),
            Err(DecodeError::LongerThanDeclared { declared: 10 })
        );
        let mut long = good.clone();
        let declared = u64::from_le_bytes(good[44..52].try_into().unwrap());
        long[44..52].copy_from_slice(&(declared + 1).to_le_bytes());
        assert_eq!(
            decode(&long),
            Err(DecodeError::LengthMismatch {
                declared: declared + 1,
                actual: declared as usize
            })
        );
        let mut huge = good.clone();
        huge[44..52].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(
            decode(&huge),
            Err(DecodeError::TooLarge { declared: u64::MAX })
        );

        // Another bundle, or anything, after the payload's end.
        let mut joined = good.clone();
        joined.extend_from_slice(&good);
        assert_eq!(
            decode(&joined),
            Err(DecodeError::TrailingBytes { extra: good.len() })
        );
        let mut one_more = good.clone();
        one_more.push(0);
        assert_eq!(
            decode(&one_more),
            Err(DecodeError::TrailingBytes { extra: 1 })
        );

        let mut flipped = good.clone();
        flipped[20] ^= 1;
        assert_eq!(decode(&flipped), Err(DecodeError::HashMismatch));

        // A well-formed envelope around a payload that is not bundle content.
        let payload = b"[1,2,3]";
        let mut forged = Vec::new();
        forged.extend_from_slice(&MAGIC);
        forged.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        forged.extend_from_slice(&ContentHash::of(payload).0);
        forged.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        forged.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(payload, 6));
        assert!(matches!(decode(&forged), Err(DecodeError::BadPayload(_))));
    }

    /// Every bit of a bundle is checked, but for the bits that pad DEFLATE's last
    /// byte: they carry nothing, and a bundle with one of them changed decodes to
    /// the content that was compiled, hash and all.
    #[test]
    fn every_changed_bit_is_refused_but_the_last_bytes_padding() {
        let good = encode(&sample());
        let original = decode(&good).unwrap();
        let mut loaded = Vec::new();
        for index in 0..good.len() {
            for bit in 0..8 {
                let mut changed = good.clone();
                changed[index] ^= 1 << bit;
                if let Ok(decoded) = decode(&changed) {
                    assert_eq!(decoded, original);
                    loaded.push((index, bit));
                }
            }
        }
        assert!(loaded.len() < 8, "{loaded:?}");
        assert!(loaded.iter().all(|&(index, _)| index == good.len() - 1));
    }

    #[test]
    fn repeated_definitions_compress_about_a_hundredfold() {
        let endpoints: Vec<Endpoint> = (0..1_000)
            .map(|i| {
                Endpoint::example(
                    &format!("item {i}"),
                    &format!("/api/v1/items{i}/{{id}}"),
                    Method::Get,
                    "result = {payload: {id: request.params.id}}",
                )
            })
            .collect();
        let content = BundleContent::example(endpoints);
        let json = serde_json::to_vec(&content).unwrap();
        let bundle = encode(&content);
        assert!(
            bundle.len() * 20 < json.len(),
            "{} bytes for {} of JSON",
            bundle.len(),
            json.len()
        );
        assert_eq!(decode(&bundle).unwrap().1, content);
    }

    #[test]
    fn gauge_value_is_the_first_48_bits() {
        let hash = ContentHash([0xab; 32]);
        assert_eq!(hash.gauge_value(), 0xabab_abab_abab);
        assert_eq!(hash.short(), "abababababab");
    }
}

#[cfg(test)]
mod no_bundle {
    /// envoy/envoy.yaml starts the filter without a bundle; its marker must stay the
    /// one the filter knows.
    #[test]
    fn envoy_yaml_starts_the_filter_with_the_no_bundle_marker() {
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::STANDARD.encode(super::NO_BUNDLE);
        let config = include_str!("../../envoy/envoy.yaml");
        assert!(
            config.contains(&encoded),
            "update envoy/envoy.yaml: {encoded}"
        );
        assert!(
            super::decode(super::NO_BUNDLE).is_err(),
            "the marker is no bundle"
        );
    }
}
