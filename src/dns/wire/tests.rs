//! The codec against byte layouts written out by hand, the way servers send
//! them, and against hostile bytes.

use super::*;
use proptest::prelude::*;

/// The parts of a message, joined.
fn msg(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The OPT record a server sends back: root, type 41, payload 1232, no flags.
const OPT: &[u8] = &[0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

fn undecodable(answer: &Answer) -> &str {
    match answer {
        Answer::Failed(Failure::Undecodable(why)) => why,
        other => panic!("expected undecodable, got {other:?}"),
    }
}

/// A real-looking answer for `_dmarc.example.com TXT`: one record of two
/// character-strings, the owner compressed to the question, an OPT record.
fn dmarc_txt() -> Vec<u8> {
    msg(&[
        &[0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 1], // ID, QR RD RA, 1 question, 1 answer, 1 additional
        b"\x06_dmarc\x07example\x03com\x00",               // offset 12: the question name
        &[0x00, 0x10, 0x00, 0x01],                         // TXT IN
        &[0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01],             // owner -> offset 12, TXT IN
        &[0x00, 0x00, 0x0e, 0x10, 0x00, 0x2e],             // TTL 3600, RDLENGTH 46
        b"\x14v=DMARC1; p=reject; ",                       // 20 bytes
        b"\x18rua=mailto:d@example.com",                   // 24 bytes
        OPT,
    ])
}

#[test]
fn txt_answer_keeps_each_character_string() {
    let answer = decode_answer("_dmarc.example.com", RecordType::Txt, &dmarc_txt());
    let expected = Txt::new(["v=DMARC1; p=reject; ", "rua=mailto:d@example.com"]);
    assert_eq!(answer, Answer::Records(vec![Record::Txt(expected.clone())]));
    assert_eq!(expected.text().as_deref(), Some("v=DMARC1; p=reject; rua=mailto:d@example.com"));
    // The query name may differ in case and carry the trailing dot.
    assert_eq!(decode_answer("_DMARC.Example.com.", RecordType::Txt, &dmarc_txt()), answer);
}

#[test]
fn txt_strings_that_are_empty_or_start_with_equals_are_kept_as_bytes() {
    let message = msg(&[
        &[0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
        b"\x07example\x03com\x00\x00\x10\x00\x01",
        &[0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x08],
        b"\x00",         // an empty string
        b"\x03=ab",      // one starting with '='
        b"\x02\xff\x00", // bytes that are not UTF-8
    ]);
    let strings = vec![b"".to_vec(), b"=ab".to_vec(), b"\xff\x00".to_vec()];
    assert_eq!(
        decode_answer("example.com", RecordType::Txt, &message),
        Answer::Records(vec![Record::Txt(Txt { strings })])
    );
}

/// `www.example.org A` (asked in mixed case, as 0x20 randomisation does):
/// www.example.org CNAME alias.example.net, alias.example.net CNAME
/// edge.example.net, edge.example.net A 192.0.2.7, and an unrelated A
/// record at example.org; every name after the question is compressed.
fn cname_chain() -> Vec<u8> {
    msg(&[
        &[0, 0, 0x81, 0x80, 0, 1, 0, 4, 0, 0, 0, 0],
        b"\x03WwW\x07ExAmple\x03org\x00", // 12: www, 16: example.org
        &[0x00, 0x01, 0x00, 0x01],        // A IN; the answers start at 33
        // 33: www.example.org CNAME alias.example.net
        &[0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0, 0, 1, 0, 0x00, 0x13],
        b"\x05alias\x07example\x03net\x00", // 45: alias, 51: example.net
        // 64: alias.example.net (-> 45) CNAME edge + example.net (-> 51)
        &[0xc0, 0x2d, 0x00, 0x05, 0x00, 0x01, 0, 0, 1, 0, 0x00, 0x07],
        b"\x04edge\xc0\x33", // 76: edge
        // 83: edge.example.net (-> 76) A 192.0.2.7
        &[0xc0, 0x4c, 0x00, 0x01, 0x00, 0x01, 0, 0, 1, 0, 0x00, 0x04, 192, 0, 2, 7],
        // 99: example.org (-> 16) A 192.0.2.99, not on the chain
        &[0xc0, 0x10, 0x00, 0x01, 0x00, 0x01, 0, 0, 1, 0, 0x00, 0x04, 192, 0, 2, 99],
    ])
}

#[test]
fn cname_chain_is_followed_through_compressed_names() {
    let a = Record::A(Ipv4Addr::new(192, 0, 2, 7));
    // The A record at example.org is not on the chain, so it is left out.
    assert_eq!(decode_answer("www.example.org", RecordType::A, &cname_chain()), Answer::Records(vec![a]));
}

#[test]
fn asking_for_cname_gives_the_alias_itself() {
    let mut message = cname_chain();
    message[30] = 0x05; // QTYPE CNAME
    assert_eq!(
        decode_answer("www.example.org", RecordType::Cname, &message),
        Answer::Records(vec![Record::Cname("alias.example.net".into())])
    );
}

#[test]
fn mx_aaaa_and_ptr_data_decode() {
    // example.com MX 10 mail.example.com (exchange compressed), and the
    // same message read for AAAA and PTR records at the same name.
    let message = msg(&[
        &[0, 0, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0],
        b"\x07example\x03com\x00\x00\x0f\x00\x01", // 12: example.com, MX IN
        &[0xc0, 0x0c, 0x00, 0x0f, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x09],
        &[0x00, 0x0a],
        b"\x04mail\xc0\x0c",
        &[0xc0, 0x0c, 0x00, 0x1c, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x10],
        &[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        &[0xc0, 0x0c, 0x00, 0x0c, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x01, 0x00], // PTR to the root
    ]);
    assert_eq!(
        decode_answer("example.com", RecordType::Mx, &message),
        Answer::Records(vec![Record::Mx { preference: 10, exchange: "mail.example.com".into() }])
    );
    let mut as_aaaa = message.clone();
    as_aaaa[26] = 0x1c;
    assert_eq!(
        decode_answer("example.com", RecordType::Aaaa, &as_aaaa),
        Answer::Records(vec![Record::Aaaa("2001:db8::1".parse().unwrap())])
    );
    let mut as_ptr = message;
    as_ptr[26] = 0x0c;
    assert_eq!(
        decode_answer("example.com", RecordType::Ptr, &as_ptr),
        Answer::Records(vec![Record::Ptr(".".into())])
    );
}

/// An SOA for example.com in the authority section, as negative answers
/// carry (the name compressed to offset 20 of a question for
/// `nope.example.com`).
const SOA: &[u8] = &[
    0xc0, 0x11, 0x00, 0x06, 0x00, 0x01, 0, 0, 0x0e, 0x10, 0x00, 0x27, // example.com SOA, RDLENGTH 39
    3, b'n', b's', b'1', 0xc0, 0x11, // ns1.example.com
    10, b'h', b'o', b's', b't', b'm', b'a', b's', b't', b'e', b'r', 0xc0,
    0x11, // hostmaster.example.com
    0x78, 0x49, 0x0a, 0x01, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10, 0, 0x12, 0x75, 0, 0, 0, 0x01, 0x2c,
];

#[test]
fn nxdomain_and_nodata_are_told_apart() {
    let question = b"\x04nope\x07example\x03com\x00\x00\x10\x00\x01";
    let nxdomain = msg(&[&[0, 0, 0x81, 0x83, 0, 1, 0, 0, 0, 1, 0, 0], question, SOA]);
    assert_eq!(decode_answer("nope.example.com", RecordType::Txt, &nxdomain), Answer::NxDomain);
    let nodata = msg(&[&[0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 1, 0, 1], question, SOA, OPT]);
    assert_eq!(decode_answer("nope.example.com", RecordType::Txt, &nodata), Answer::NoData);
}

#[test]
fn rcodes_map_to_their_failures() {
    let question = b"\x07example\x03com\x00\x00\x10\x00\x01";
    let with = |flags: u8| msg(&[&[0, 0, 0x81, flags, 0, 1, 0, 0, 0, 0, 0, 0], question]);
    let ask = |m: &[u8]| decode_answer("example.com", RecordType::Txt, m);
    assert_eq!(ask(&with(0x82)), Answer::Failed(Failure::ServFail));
    assert_eq!(ask(&with(0x85)), Answer::Failed(Failure::Refused));
    assert_eq!(ask(&with(0x84)), Answer::Failed(Failure::Rcode(4)));
    // FORMERR without the question, as some servers send it.
    assert_eq!(ask(&[0, 0, 0x81, 0x81, 0, 0, 0, 0, 0, 0, 0, 0]), Answer::Failed(Failure::Rcode(1)));
    // BADVERS: RCODE 0 in the header, the upper bits (1) in the OPT TTL.
    let badvers = msg(&[
        &[0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 1],
        question,
        &[0, 0, 0x29, 0x04, 0xd0, 0x01, 0, 0, 0, 0, 0],
    ]);
    assert_eq!(ask(&badvers), Answer::Failed(Failure::Rcode(16)));
    assert_eq!(Failure::Rcode(16).to_string(), "error code 16 (BADVERS)");
}

#[test]
fn tc_bit_means_truncated_even_when_the_rest_is_cut() {
    // QR RD TC, an answer count of 3, and nothing after the question.
    let message =
        msg(&[&[0, 0, 0x83, 0x80, 0, 1, 0, 3, 0, 0, 0, 0], b"\x07example\x03com\x00\x00\x10\x00\x01"]);
    assert_eq!(decode_answer("example.com", RecordType::Txt, &message), Answer::Failed(Failure::Truncated));
}

#[test]
fn pointer_loops_end_with_an_error() {
    let header: &[u8] = &[0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0];
    // The question's name is a pointer to itself.
    let itself = msg(&[header, &[0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01]]);
    assert!(undecodable(&decode_answer("example.com", RecordType::Txt, &itself)).contains("loop"));
    // Two pointers to each other, the first pointing forward.
    let pair = msg(&[header, &[0xc0, 0x0e, 0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01]]);
    assert!(undecodable(&decode_answer("example.com", RecordType::Txt, &pair)).contains("loop"));
    // A label, then a pointer back to it: the name grows without end.
    let growing = msg(&[header, &[0x01, b'a', 0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01]]);
    assert!(undecodable(&decode_answer("example.com", RecordType::Txt, &growing)).contains("255"));
    // Pointers into the header or past the end.
    let header_ptr = msg(&[header, &[0xc0, 0x02, 0x00, 0x10, 0x00, 0x01]]);
    assert!(undecodable(&decode_answer("example.com", RecordType::Txt, &header_ptr)).contains("byte 2"));
    let past = msg(&[header, &[0xc3, 0xff, 0x00, 0x10, 0x00, 0x01]]);
    assert!(undecodable(&decode_answer("example.com", RecordType::Txt, &past)).contains("byte 1023"));
}

#[test]
fn a_forward_pointer_to_a_real_name_is_read() {
    // The question's name points forward to the answer's CNAME target
    // (offset 34), which is example.com written out.
    let message = msg(&[
        &[0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
        &[0xc0, 0x22, 0x00, 0x01, 0x00, 0x01], // 12: -> 34; A IN
        &[0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0, 0, 0, 1, 0, 17], // 18: CNAME; its data at 30
        b"\x03www",                            // 30
        b"\x07example\x03com\x00",             // 34
    ]);
    // www.example.com's own name is not in the answer, so after the alias
    // the chain ends without A records.
    assert_eq!(decode_answer("example.com", RecordType::A, &message), Answer::NoData);
    assert_eq!(
        decode_answer("example.com", RecordType::Cname, &{
            let mut m = message.clone();
            m[15] = 0x05;
            m
        }),
        Answer::Records(vec![Record::Cname("www.example.com".into())])
    );
}

#[test]
fn every_cut_of_a_good_answer_is_undecodable() {
    let whole = dmarc_txt();
    for len in 0..whole.len() {
        let answer = decode_answer("_dmarc.example.com", RecordType::Txt, &whole[..len]);
        assert!(matches!(answer, Answer::Failed(Failure::Undecodable(_))), "cut at {len}: {answer:?}");
    }
    assert_eq!(undecodable(&decode_answer("x.example", RecordType::Txt, &[])), "it is empty");
    assert!(undecodable(&decode_answer("x.example", RecordType::Txt, &whole[..5])).contains("12-byte header"));
    assert!(undecodable(&decode_answer("_dmarc.example.com", RecordType::Txt, &whole[..60]))
        .contains("answer section"));
}

#[test]
fn bad_lengths_and_wrong_sizes_are_undecodable() {
    let head = |an: u8| {
        msg(&[&[0, 0, 0x81, 0x80, 0, 1, 0, an, 0, 0, 0, 0], b"\x07example\x03com\x00\x00\x01\x00\x01"])
    };
    let rr = |rtype: u8, data: &[u8]| {
        msg(&[&[0xc0, 0x0c, 0, rtype, 0, 1, 0, 0, 0, 60, 0, data.len() as u8], data])
    };
    let ask = |t: RecordType, m: &[u8]| decode_answer("example.com", t, m);
    // An A record of 5 bytes.
    let a5 = msg(&[&head(1), &rr(1, &[192, 0, 2, 1, 9])]);
    assert!(undecodable(&ask(RecordType::A, &a5)).contains("not 4"));
    // A TXT string longer than its record.
    let txt = msg(&[&head(1), &rr(16, b"\x09short")]);
    assert!(undecodable(&ask(RecordType::A, &txt)).contains("TXT string"));
    // A CNAME whose name ends before its RDLENGTH does.
    let cname = msg(&[&head(1), &rr(5, b"\x01a\x00\x00")]);
    assert!(undecodable(&ask(RecordType::A, &cname)).contains("does not end where"));
    // RDLENGTH past the end of the message.
    let long = msg(&[&head(1), &[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0x01, 0x00, 1, 2]]);
    assert!(undecodable(&ask(RecordType::A, &long)).contains("256 bytes long"));
    // More answers announced than sent.
    let missing = msg(&[&head(2), &rr(1, &[192, 0, 2, 1])]);
    assert!(undecodable(&ask(RecordType::A, &missing)).contains("answer section"));
    // A label type 0x40.
    let ext = msg(&[&head(1), &[0x41, 0x00], &rr(1, &[192, 0, 2, 1])[2..]]);
    assert!(undecodable(&ask(RecordType::A, &ext)).contains("label type 0x40"));
}

#[test]
fn a_response_to_another_question_is_undecodable() {
    let why = undecodable(&decode_answer("example.net", RecordType::Txt, &dmarc_txt())).to_string();
    assert!(why.contains("_dmarc.example.com TXT") && why.contains("example.net TXT"), "{why}");
    assert!(undecodable(&decode_answer("_dmarc.example.com", RecordType::A, &dmarc_txt()))
        .contains("not the question"));
    // A query instead of a response, and an opcode other than QUERY.
    let mut query = dmarc_txt();
    query[2] = 0x01;
    assert!(undecodable(&decode_answer("_dmarc.example.com", RecordType::Txt, &query)).contains("QR bit"));
    let mut notify = dmarc_txt();
    notify[2] = 0x81 | (4 << 3);
    assert!(
        undecodable(&decode_answer("_dmarc.example.com", RecordType::Txt, &notify)).contains("opcode is 4")
    );
    // Two questions; none where an answer needs one.
    let mut two = dmarc_txt();
    two[5] = 2;
    assert!(undecodable(&decode_answer("_dmarc.example.com", RecordType::Txt, &two)).contains("2 questions"));
    let none = [0, 0, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0];
    assert!(undecodable(&decode_answer("_dmarc.example.com", RecordType::Txt, &none)).contains("no question"));
}

#[test]
fn garbage_is_undecodable() {
    let html = b"<!doctype html><html><body>404 Not Found</body></html>";
    assert!(matches!(
        decode_answer("example.com", RecordType::Txt, html),
        Answer::Failed(Failure::Undecodable(_))
    ));
    let noise: Vec<u8> = (0..200u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(matches!(
        decode_answer("example.com", RecordType::Txt, &noise),
        Answer::Failed(Failure::Undecodable(_))
    ));
}

/// A response to `a0.example A` whose answer holds CNAMEs `a0 -> a1 -> …`,
/// `aliases` of them, then an A record at the last name (uncompressed).
fn chain_of(aliases: usize, looping: bool) -> Vec<u8> {
    let name = |i: usize| encode_name(&format!("a{i}.example"));
    let mut m = vec![0, 0, 0x81, 0x80, 0, 1, 0, aliases as u8 + 1, 0, 0, 0, 0];
    m.extend(name(0));
    m.extend([0, 1, 0, 1]);
    for i in 0..aliases {
        let target = if looping && i + 1 == aliases { name(0) } else { name(i + 1) };
        m.extend(name(i));
        m.extend([0, 5, 0, 1, 0, 0, 0, 60, 0, target.len() as u8]);
        m.extend(target);
    }
    m.extend(name(aliases));
    m.extend([0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
    m
}

fn encode_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    push_name(&mut out, name).unwrap();
    out
}

#[test]
fn cname_chains_stop_at_eight_and_loops_are_caught() {
    let a = Answer::Records(vec![Record::A(Ipv4Addr::new(192, 0, 2, 1))]);
    assert_eq!(decode_answer("a0.example", RecordType::A, &chain_of(8, false)), a);
    let nine = decode_answer("a0.example", RecordType::A, &chain_of(9, false));
    assert!(undecodable(&nine).contains("longer than 8"), "{nine:?}");
    let looped = decode_answer("a0.example", RecordType::A, &chain_of(3, true));
    assert_eq!(
        undecodable(&looped),
        "its CNAME chain loops: a0.example → a1.example → a2.example → a0.example"
    );
}

#[test]
fn odd_bytes_in_names_are_escaped() {
    // A PTR target with a dot, a space and a backslash inside one label.
    let message = msg(&[
        &[0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
        b"\x07example\x03com\x00\x00\x0c\x00\x01",
        &[0xc0, 0x0c, 0x00, 0x0c, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x0a],
        b"\x05a.b c\x02\\\xe9\x00",
    ]);
    assert_eq!(
        decode_answer("example.com", RecordType::Ptr, &message),
        Answer::Records(vec![Record::Ptr("a\\.b\\032c.\\\\\\233".into())])
    );
}

#[test]
fn queries_are_laid_out_as_rfc_8484_shows_plus_an_opt_record() {
    // RFC 8484 §4.1.1's query for www.example.com A, with ARCOUNT 1 and our
    // OPT record (payload 1232) added.
    let expected = msg(&[
        &[0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01],
        &[
            0x03, 0x77, 0x77, 0x77, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
            0x00,
        ],
        &[0x00, 0x01, 0x00, 0x01],
        &[0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
    ]);
    assert_eq!(encode_query(0, "www.example.com", RecordType::A).unwrap(), expected);
    assert_eq!(encode_query(0, "www.example.com.", RecordType::A).unwrap(), expected);
    let txt = encode_query(0xbeef, "_dmarc.Example.com", RecordType::Txt).unwrap();
    assert_eq!(&txt[..2], &[0xbe, 0xef]);
    assert_eq!(&txt[12..36], b"\x06_dmarc\x07Example\x03com\x00\x00\x10\x00\x01");
}

#[test]
fn base64url_matches_rfc_8484_examples() {
    let www =
        b"\x00\x00\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03www\x07example\x03com\x00\x00\x01\x00\x01";
    assert_eq!(base64url(www), "AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB");
    // The example that shows '-' and '_' and no padding.
    let long = msg(&[
        b"\x00\x00\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x01a",
        b"\x3e62characterlabel-makes-base64url-distinct-from-standard-base64",
        b"\x07example\x03com\x00\x00\x01\x00\x01",
    ]);
    assert_eq!(
        base64url(&long),
        "AAABAAABAAAAAAAAAWE-NjJjaGFyYWN0ZXJsYWJlbC1tYWtlcy1iYXNlNjR1cmwtZGlzdGluY3QtZnJvbS1zdGFuZGFyZC1iYXNlNjQHZXhhbXBsZQNjb20AAAEAAQ"
    );
    assert_eq!(base64url(b""), "");
    assert_eq!(base64url(b"\xfb\xff"), "-_8");
}

#[test]
fn names_that_are_not_presentation_names_are_refused() {
    let ok = [
        "_dmarc.example.com",
        "s1._domainkey.example.com.",
        "1.2.0.192.in-addr.arpa",
        "xn--bcher-kva.example",
        // A wildcard's own name, as report authorization asks it.
        "*._report._dmarc.example.net",
    ];
    for name in ok {
        assert!(encode_query(0, name, RecordType::Txt).is_ok(), "{name}");
    }
    let label63 = "a".repeat(63);
    assert!(encode_query(0, &format!("{label63}.example"), RecordType::Txt).is_ok());
    let label64 = "a".repeat(64);
    assert_eq!(
        encode_query(0, &format!("{label64}.example"), RecordType::Txt),
        Err(WireError::LabelTooLong { label: label64 })
    );
    // 253 bytes is the most: three labels of 63 bytes and one of 61.
    let name253 = [label63.as_str(); 3].join(".") + "." + &"a".repeat(61);
    assert_eq!(name253.len(), 253);
    assert!(encode_query(0, &name253, RecordType::Txt).is_ok());
    assert!(encode_query(0, &format!("{name253}."), RecordType::Txt).is_ok());
    assert_eq!(encode_query(0, &format!("a.{name253}"), RecordType::Txt), Err(WireError::NameTooLong(255)));
    assert_eq!(encode_query(0, "", RecordType::Txt), Err(WireError::EmptyName));
    assert_eq!(encode_query(0, ".", RecordType::Txt), Err(WireError::EmptyName));
    assert_eq!(encode_query(0, "a..example", RecordType::Txt), Err(WireError::EmptyLabel));
    assert_eq!(encode_query(0, ".example", RecordType::Txt), Err(WireError::EmptyLabel));
    assert_eq!(encode_query(0, "ex ample.com", RecordType::Txt), Err(WireError::BadCharacter(' ')));
    assert_eq!(encode_query(0, "bücher.example", RecordType::Txt), Err(WireError::BadCharacter('ü')));
    // `*` only as the whole first label.
    for name in ["a.*.example", "*a.example", "a*.example", "*", "**.example"] {
        assert_eq!(encode_query(0, name, RecordType::Txt), Err(WireError::BadCharacter('*')), "{name}");
    }
    let wildcard = encode_query(0, "*.example", RecordType::Txt).unwrap();
    assert_eq!(&wildcard[HEADER_LEN..HEADER_LEN + 11], b"\x01*\x07example\x00");
    assert_eq!(
        WireError::BadCharacter('\n').to_string(),
        "it contains \"\\n\", which is not a letter, digit, hyphen or underscore"
    );
}

#[test]
fn responses_encode_what_decode_reads() {
    let name = "_dmarc.example.com";
    for answer in [
        Answer::Records(vec![Record::Txt(Txt::new(["v=DMARC1; ", "p=none"]))]),
        Answer::NxDomain,
        Answer::NoData,
        Answer::Failed(Failure::ServFail),
        Answer::Failed(Failure::Refused),
        Answer::Failed(Failure::Rcode(4)),
        Answer::Failed(Failure::Rcode(16)),
        Answer::Failed(Failure::Truncated),
    ] {
        let bytes = encode_response(7, name, RecordType::Txt, &answer).unwrap();
        assert_eq!(&bytes[..2], &[0, 7]);
        assert_eq!(decode_answer(name, RecordType::Txt, &bytes), answer);
    }
    // What no DNS message can say becomes SERVFAIL.
    let timeout = encode_response(0, name, RecordType::Txt, &Answer::Failed(Failure::Timeout)).unwrap();
    assert_eq!(decode_answer(name, RecordType::Txt, &timeout), Answer::Failed(Failure::ServFail));
    // A string over 255 bytes is split on the wire.
    let long = Answer::Records(vec![Record::Txt(Txt::new(["x".repeat(300)]))]);
    let bytes = encode_response(0, name, RecordType::Txt, &long).unwrap();
    let split = Answer::Records(vec![Record::Txt(Txt::new(["x".repeat(255), "x".repeat(45)]))]);
    assert_eq!(decode_answer(name, RecordType::Txt, &bytes), split);
}

fn record_of(record_type: RecordType) -> BoxedStrategy<Record> {
    let host = "[a-z0-9_-]{1,20}(\\.[a-z0-9-]{1,20}){0,3}";
    match record_type {
        RecordType::A => any::<[u8; 4]>().prop_map(|b| Record::A(b.into())).boxed(),
        RecordType::Aaaa => any::<[u8; 16]>().prop_map(|b| Record::Aaaa(b.into())).boxed(),
        RecordType::Mx => (any::<u16>(), host)
            .prop_map(|(preference, exchange)| Record::Mx { preference, exchange })
            .boxed(),
        RecordType::Txt => prop::collection::vec(prop::collection::vec(any::<u8>(), 0..=255), 0..4)
            .prop_map(|strings| Record::Txt(Txt { strings }))
            .boxed(),
        RecordType::Ptr => host.prop_map(Record::Ptr).boxed(),
        RecordType::Cname => host.prop_map(Record::Cname).boxed(),
    }
}

fn any_type() -> impl Strategy<Value = RecordType> {
    prop::sample::select(RecordType::ALL.to_vec())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), rtype in any_type()) {
        let _ = decode_answer("example.com", rtype, &bytes);
    }

    /// Bytes after a valid header and question reach the record parser.
    #[test]
    fn arbitrary_sections_never_panic(
        counts in any::<[u8; 6]>(),
        flags in any::<u8>(),
        tail in prop::collection::vec(any::<u8>(), 0..400),
        rtype in any_type(),
    ) {
        let mut m = vec![0, 0, 0x81, flags & 0x0f, 0, 1];
        m.extend(counts.map(|c| c % 8));
        m.extend(encode_name("example.com"));
        m.extend(rtype.code().to_be_bytes());
        m.extend([0, 1]);
        m.extend(tail);
        let _ = decode_answer("example.com", rtype, &m);
    }

    #[test]
    fn records_round_trip(
        (rtype, records) in any_type().prop_flat_map(|t| (Just(t), prop::collection::vec(record_of(t), 1..5))),
        id in any::<u16>(),
    ) {
        let answer = Answer::Records(records);
        let bytes = encode_response(id, "host.example.com", rtype, &answer).unwrap();
        prop_assert_eq!(decode_answer("HOST.example.com.", rtype, &bytes), answer);
    }
}
