//! A tiny canned-response HTTP server on loopback, enough for `connector test` and
//! `mapping suggest`: routes by path (query ignored); 401 unless the Authorization header
//! carries the expected token; 404 for anything else.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

pub struct FakeApi {
    pub base: String,
}

impl FakeApi {
    /// Serve `routes` (path → JSON body) in a background thread until the test ends.
    pub fn start(token: &str, routes: &[(&str, &str)]) -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: HashMap<String, String> = routes
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_string()))
            .collect();
        let token = token.to_string();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let mut authorized = false;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if lower.starts_with("authorization:") && line.contains(&token) {
                        authorized = true;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap_or(path);
                let (status, body) = match routes.get(path) {
                    _ if !authorized => (
                        "401 Unauthorized",
                        r#"{"error":"Invalid token"}"#.to_string(),
                    ),
                    Some(b) => ("200 OK", b.clone()),
                    None => (
                        "404 Not Found",
                        r#"{"error":"No route matches"}"#.to_string(),
                    ),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        FakeApi { base }
    }
}
