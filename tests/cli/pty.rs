//! Drive the real binary through a pseudo-terminal: send keys, read the screen. Every
//! wait is bounded; the child is killed when the test ends.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub(crate) const WAIT: Duration = Duration::from_secs(20);

pub(crate) struct Pty {
    master: File,
    child: Child,
    rx: Receiver<Vec<u8>>,
    raw: Vec<u8>,
    /// Everything the program wrote (and the terminal echoed), ANSI codes removed.
    pub screen: String,
    /// How far `expect` has read.
    pos: usize,
}

impl Pty {
    /// Start `cmd` with stdin, stdout and stderr on a new terminal.
    pub(crate) fn spawn(cmd: Command) -> Pty {
        Pty::spawn_cols(cmd, 160)
    }

    /// As `spawn`, on a terminal `cols` columns wide (`COLUMNS` is removed so the program
    /// asks the terminal).
    pub(crate) fn spawn_cols(mut cmd: Command, cols: u16) -> Pty {
        cmd.env_remove("COLUMNS");
        let (mut master, mut slave) = (0, 0);
        let ws = libc::winsize {
            ws_row: 50,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &ws,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        let master = unsafe { File::from_raw_fd(master) };
        let slave = unsafe { File::from_raw_fd(slave) };
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        let child = cmd.spawn().expect("spawn under a pty");
        // The parent's copies of the slave end are closed with `cmd`: reads end in EIO
        // once the child exits.
        drop(cmd);
        let (tx, rx) = channel();
        let mut reader = master.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Pty {
            master,
            child,
            rx,
            raw: Vec::new(),
            screen: String::new(),
            pos: 0,
        }
    }

    fn pump(&mut self, until: Instant) -> bool {
        let left = until.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left.max(Duration::from_millis(1))) {
            Ok(bytes) => {
                self.raw.extend_from_slice(&bytes);
                self.screen = strip_ansi(&String::from_utf8_lossy(&self.raw));
                true
            }
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => false,
        }
    }

    /// Wait until `needle` appears after what was already read; returns the text up to
    /// and including it.
    pub(crate) fn expect(&mut self, needle: &str) -> String {
        let until = Instant::now() + WAIT;
        loop {
            if let Some(i) = self.screen[self.pos..].find(needle) {
                let end = self.pos + i + needle.len();
                let seen = self.screen[self.pos..end].to_string();
                self.pos = end;
                return seen;
            }
            let open = self.pump(until);
            if Instant::now() >= until || (!open && !self.screen[self.pos..].contains(needle)) {
                panic!(
                    "waited for {needle:?}; the screen after the last match:\n{}",
                    &self.screen[self.pos..]
                );
            }
        }
    }

    /// Type a line and press Enter.
    pub(crate) fn send_line(&mut self, line: &str) {
        self.master
            .write_all(format!("{line}\r").as_bytes())
            .unwrap();
        self.master.flush().unwrap();
    }

    /// Send a signal to the program, as the terminal does for Ctrl-C (SIGINT).
    pub(crate) fn signal(&self, sig: libc::c_int) {
        unsafe { libc::kill(self.child.id() as libc::pid_t, sig) };
    }

    /// Everything the program wrote, colour codes included.
    pub(crate) fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// Wait for the program to exit (bounded); returns its exit code and reads the rest.
    pub(crate) fn wait(&mut self) -> i32 {
        let until = Instant::now() + WAIT;
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                while self.pump(Instant::now() + Duration::from_millis(200)) {
                    if Instant::now() >= until {
                        break;
                    }
                }
                return st.code().unwrap_or(-1);
            }
            if Instant::now() >= until {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.screen);
            }
            self.pump(Instant::now() + Duration::from_millis(50));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Remove ANSI escape sequences (colors) so tests can match plain text.
pub(crate) fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        if c != '\r' {
            out.push(c);
        }
    }
    out
}
