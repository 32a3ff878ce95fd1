//! The request's head read in place from the header map as proxy-wasm serializes it:
//! the number of pairs, then each pair's name and value lengths (all `u32`, little
//! endian), then each name and value followed by a NUL.
//!
//! The host allocates that buffer in the VM for every request; reading it where it is
//! spares a name and a value allocated per header (the SDK's `get_map_bytes`).

use endpoint_core::engine::RequestHead;

/// The head, or `None` when the buffer is not a header map.
pub fn request_head(mut map: Vec<u8>) -> Option<RequestHead> {
    let (data_start, fields) = fields(&map)?;
    // The lengths up front are binary, and no part of any field: blanked, the whole
    // buffer is text when every name and value is.
    map.get_mut(..data_start)?.fill(b' ');
    match String::from_utf8(map) {
        Ok(text) => RequestHead::from_text(text, fields),
        // A value that is not UTF-8 (which HTTP allows, and no check reads as such):
        // each field converted alone, with U+FFFD for what is not.
        Err(error) => {
            let map = error.into_bytes();
            let mut text = String::with_capacity(map.len());
            let mut converted = Vec::with_capacity(fields.len());
            for (name, value) in fields {
                let name = push_lossy(&mut text, map.get(name)?);
                let value = push_lossy(&mut text, map.get(value)?);
                converted.push((name, value));
            }
            RequestHead::from_text(text, converted)
        }
    }
}

/// Every (name, value) of a map, as text (U+FFFD for what is not UTF-8); `None`
/// when the buffer is not a header map. For an upstream's answer to a fetch.
pub fn pairs(map: &[u8]) -> Option<Vec<(String, String)>> {
    let (_, fields) = fields(map)?;
    fields
        .into_iter()
        .map(|(name, value)| {
            Some((
                String::from_utf8_lossy(map.get(name)?).into_owned(),
                String::from_utf8_lossy(map.get(value)?).into_owned(),
            ))
        })
        .collect()
}

type Field = (std::ops::Range<usize>, std::ops::Range<usize>);

/// Where the data starts, and where each name and value stands in the buffer.
fn fields(map: &[u8]) -> Option<(usize, Vec<Field>)> {
    let count = read_u32(map, 0)? as usize;
    let data_start = count.checked_mul(8)?.checked_add(4)?;
    // Before sizing anything by `count`.
    if data_start > map.len() {
        return None;
    }
    let mut fields = Vec::with_capacity(count);
    let mut at = data_start;
    for pair in 0..count {
        let name_len = read_u32(map, 4 + pair * 8)? as usize;
        let value_len = read_u32(map, 8 + pair * 8)? as usize;
        let name = at..at.checked_add(name_len)?;
        let value = name.end + 1..(name.end + 1).checked_add(value_len)?;
        at = value.end.checked_add(1)?;
        if map.get(name.end) != Some(&0) || map.get(value.end) != Some(&0) {
            return None;
        }
        fields.push((name, value));
    }
    Some((data_start, fields))
}

fn read_u32(map: &[u8], at: usize) -> Option<u32> {
    let bytes = map.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// Appends `bytes` as text and returns where it went.
fn push_lossy(text: &mut String, bytes: &[u8]) -> std::ops::Range<usize> {
    let start = text.len();
    text.push_str(&String::from_utf8_lossy(bytes));
    start..text.len()
}

/// A map as proxy-wasm-cpp-host writes it (`exportPairs`): what Envoy hands over, for
/// the tests here and the fake host's.
#[cfg(test)]
pub(crate) fn serialized(pairs: &[(&str, &[u8])]) -> Vec<u8> {
    let mut map = (pairs.len() as u32).to_le_bytes().to_vec();
    for (name, value) in pairs {
        map.extend((name.len() as u32).to_le_bytes());
        map.extend((value.len() as u32).to_le_bytes());
    }
    for (name, value) in pairs {
        map.extend(name.as_bytes());
        map.push(0);
        map.extend(*value);
        map.push(0);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_headers_and_headers_are_read_in_order() {
        // A length of 200 puts a byte over 0x7f, which is not text, in the counts.
        let long = "v".repeat(200);
        let head = request_head(serialized(&[
            (":authority", b"h"),
            (":path", b"/a?b=1"),
            (":method", b"GET"),
            ("x-long", long.as_bytes()),
            ("x-empty", b""),
        ]))
        .unwrap();
        assert_eq!((head.method(), head.path()), ("GET", "/a?b=1"));
        let headers: Vec<_> = head.headers().collect();
        assert_eq!(
            headers,
            [
                (":authority", "h"),
                ("x-long", long.as_str()),
                ("x-empty", "")
            ]
        );
    }

    #[test]
    fn a_value_that_is_not_utf8_keeps_the_other_fields_intact() {
        let head = request_head(serialized(&[
            (":path", b"/p"),
            ("x-bytes", b"a\xffb"),
            (":method", b"POST"),
        ]))
        .unwrap();
        assert_eq!((head.method(), head.path()), ("POST", "/p"));
        assert_eq!(head.header("x-bytes"), Some("a\u{fffd}b"));
    }

    #[test]
    fn an_empty_map_is_an_empty_head() {
        let head = request_head(serialized(&[])).unwrap();
        assert_eq!(
            (head.method(), head.path(), head.headers().count()),
            ("", "", 0)
        );
    }

    #[test]
    fn buffers_that_are_not_header_maps_are_refused() {
        let good = serialized(&[(":path", b"/p"), (":method", b"GET")]);
        assert!(request_head(good.clone()).is_some());
        // Cut short anywhere: in the count, the lengths or the data.
        for end in [0, 3, 4, 11, good.len() - 1] {
            assert!(request_head(good[..end].to_vec()).is_none(), "cut at {end}");
        }
        // A missing NUL after a name, and lengths past the end.
        let mut no_nul = good.clone();
        no_nul[20 + ":path".len()] = b'x';
        assert!(request_head(no_nul).is_none());
        assert!(request_head(serialized(&[])[..0].to_vec()).is_none());
        let mut huge = good;
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(request_head(huge).is_none());
        let mut many = 0xffff_ffffu32.to_le_bytes().to_vec();
        many.extend([0; 16]);
        assert!(request_head(many).is_none());
    }

    proptest::proptest! {
        /// Any bytes: a head or `None`, never a panic; a head only from a buffer
        /// whose pairs are also read as pairs.
        #[test]
        fn any_buffer_is_a_head_or_refused(map in proptest::collection::vec(0u8..=255, 0..96)) {
            let head = request_head(map.clone());
            proptest::prop_assert_eq!(head.is_some(), pairs(&map).is_some());
        }

        /// Any pairs, as the host writes them: read back in order, pseudo-headers
        /// apart, bytes that are not UTF-8 as U+FFFD.
        #[test]
        fn written_pairs_are_read_back(
            fields in proptest::collection::vec(
                (":?[a-z-]{0,8}", proptest::collection::vec(0u8..=255, 0..12)),
                0..8,
            ),
        ) {
            let borrowed: Vec<(&str, &[u8])> =
                fields.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
            let map = serialized(&borrowed);
            let expected: Vec<(String, String)> = fields
                .iter()
                .map(|(n, v)| (n.clone(), String::from_utf8_lossy(v).into_owned()))
                .collect();
            proptest::prop_assert_eq!(pairs(&map), Some(expected.clone()));
            let head = request_head(map).unwrap();
            let headers: Vec<(String, String)> = head
                .headers()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            let plain: Vec<(String, String)> = expected
                .iter()
                .filter(|(n, _)| !matches!(n.as_str(), ":method" | ":path"))
                .cloned()
                .collect();
            proptest::prop_assert_eq!(headers, plain);
        }
    }

    #[test]
    fn an_answers_pairs_are_read_whole_or_not_at_all() {
        let map = serialized(&[(":status", b"200"), ("x-a", b"caf\xe9")]);
        assert_eq!(
            pairs(&map),
            Some(vec![
                (":status".to_string(), "200".to_string()),
                ("x-a".to_string(), "caf\u{fffd}".to_string()),
            ])
        );
        assert_eq!(pairs(&map[..map.len() - 1]), None);
        assert_eq!(pairs(&[]), None);
    }
}
