//! Projects other than the sample: `init`, theme overrides, sections, drafts, static files.

mod common;

use std::fs;

use common::*;

#[test]
fn init_then_build_works_with_the_binary_alone_from_any_directory() {
    let work = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let init = run(work.path(), &["init", "my-portal"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let project = work.path().join("my-portal");
    let build = run(
        elsewhere.path(),
        &["build", "--root", project.to_str().unwrap()],
    );
    assert!(build.status.success(), "{}", stderr(&build));
    let site = project.join("public");
    for page in [
        "index.html",
        "guides/getting-started/index.html",
        "api/example/index.html",
        "api/example/operations/list-items/index.html",
        "api/example/schemas/item/index.html",
        "404.html",
        "sitemap.xml",
    ] {
        assert!(site.join(page).is_file(), "{page}");
    }
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
    // The theme came from the binary: the project has no theme folder.
    assert!(!project.join("themes").exists());
}

#[test]
fn init_never_overwrites_without_force() {
    let work = tempfile::tempdir().unwrap();
    // An existing config, or only an existing guide where the starter writes one.
    for (existing, text) in [
        ("portico.toml", "title = \"mine\"\n"),
        ("content/guides/getting-started.md", "# My own guide\n"),
    ] {
        let name = existing.replace('/', "-");
        let project = work.path().join(&name);
        write_files(&project, &[(existing, text)]);
        let before = tree(&project);
        let output = run(work.path(), &["init", &name]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{existing}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains(existing) && message.contains("--force"),
            "{existing}: the message names the file and the way out: {message}"
        );
        assert_eq!(tree(&project), before, "{existing}: nothing was written");

        let forced = run(work.path(), &["init", &name, "--force"]);
        assert!(forced.status.success(), "{existing}: {}", stderr(&forced));
        let replaced = fs::read_to_string(project.join(existing)).unwrap();
        assert_ne!(replaced, text, "{existing} was replaced by the starter's");
        assert!(project.join("specs/example.yaml").is_file());
        let build = run(&project, &["build"]);
        assert!(build.status.success(), "{}", stderr(&build));
    }
}

/// `init` never writes through a symbolic link: a dangling link where a starter file goes would
/// otherwise plant the file outside the project, and a linked folder would fill another one.
#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let work = tempfile::tempdir().unwrap();
    let outside = work.path().join("outside");
    fs::create_dir_all(&outside).unwrap();

    // A dangling link where the config goes.
    let project = work.path().join("dangling");
    fs::create_dir_all(&project).unwrap();
    symlink(outside.join("planted.toml"), project.join("portico.toml")).unwrap();
    let output = run(work.path(), &["init", "dangling"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("portico.toml"),
        "{}",
        stderr(&output)
    );
    assert!(
        !outside.join("planted.toml").exists(),
        "written through the link"
    );
    // With --force the link itself is replaced by the starter's file.
    let forced = run(work.path(), &["init", "dangling", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        !outside.join("planted.toml").exists(),
        "written through the link"
    );
    let meta = fs::symlink_metadata(project.join("portico.toml")).unwrap();
    assert!(meta.is_file(), "the link was replaced by a file");

    // A linked folder on the way is refused, even with --force.
    let project = work.path().join("linked-folder");
    fs::create_dir_all(&project).unwrap();
    symlink(&outside, project.join("content")).unwrap();
    for args in [
        &["init", "linked-folder"][..],
        &["init", "linked-folder", "--force"],
    ] {
        let output = run(work.path(), args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("symbolic link"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing was written outside the project"
    );
}

#[test]
fn a_project_template_overrides_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"T\"\n"),
            ("content/docs/page.md", "# Hello\n\nText.\n"),
            (
                "templates/guide.html",
                "<p class=\"custom\">{{ page.title }}</p>{{ content | safe }}",
            ),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = fs::read_to_string(dir.path().join("public/docs/page/index.html")).unwrap();
    assert!(html.starts_with("<p class=\"custom\">Hello</p>"), "{html}");
}

#[test]
fn sections_titles_drafts_slugs_and_static_files() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "portico.toml",
                "title = \"T\"\nbase_url = \"https://x.example/\"\n",
            ),
            (
                "content/tutorials/_index.md",
                "---\ntitle: Learn\nweight: 2\n---\nAll tutorials.\n",
            ),
            (
                "content/tutorials/b.md",
                "---\nweight: 1\n---\n# First by weight\n\nSee [c](c.md#part-two).\n",
            ),
            (
                "content/tutorials/c.md",
                "---\ntitle: Second\nslug: custom-url\n---\n## Part two\n",
            ),
            (
                "content/tutorials/d.md",
                "---\ntitle: Draft\ndraft: true\n---\nHidden.\n",
            ),
            (
                "content/tutorials/img/diagram.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ),
            (
                "content/tutorials/e.md",
                "---\ntitle: Pictures\n---\n![diagram](img/diagram.svg)\n",
            ),
            ("static/robots.txt", "User-agent: *\n"),
            (
                "content/tutorials/no-title.md",
                "Intro.\n\n## A subheading names it\n",
            ),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let site = dir.path().join("public");
    let b = fs::read_to_string(site.join("tutorials/b/index.html")).unwrap();
    assert!(
        b.contains("<h1>First by weight</h1>"),
        "title from the first heading"
    );
    assert_eq!(
        b.matches("First by weight</h1>").count(),
        1,
        "the heading is not repeated"
    );
    assert!(
        b.contains("href=\"../../tutorials/custom-url/#part-two\""),
        "{b}"
    );
    assert!(!site.join("tutorials/d").exists(), "drafts are left out");
    assert!(site.join("robots.txt").is_file());
    assert!(site.join("tutorials/img/diagram.svg").is_file());
    let e = fs::read_to_string(site.join("tutorials/e/index.html")).unwrap();
    assert!(e.contains("src=\"../../tutorials/img/diagram.svg\""), "{e}");
    let untitled = fs::read_to_string(site.join("tutorials/no-title/index.html")).unwrap();
    assert!(
        untitled.contains("<h1>A subheading names it</h1>"),
        "the first heading of any level titles a page"
    );
    let section = fs::read_to_string(site.join("tutorials/index.html")).unwrap();
    let (first, second) = (
        section.find("First by weight").unwrap(),
        section.find("Second").unwrap(),
    );
    assert!(first < second, "pages are ordered by weight");
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));

    let with_drafts = run(dir.path(), &["build", "--drafts"]);
    assert!(with_drafts.status.success());
    assert!(site.join("tutorials/d/index.html").is_file());
}

#[test]
fn colliding_page_urls_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"T\"\n"),
            ("content/a.md", "---\nslug: same\n---\nA\n"),
            ("content/same.md", "B\n"),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("also the URL of"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_static_file_that_would_replace_a_page_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("portico.toml", "title = \"T\"\n"),
            ("content/a.md", "A\n"),
            ("static/a/index.html", "x"),
        ],
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("static/a/index.html"), "{err}");
    assert!(err.contains("generated file"), "{err}");
}

#[test]
fn verbose_builds_give_each_stage_its_time_and_the_peak_memory_so_far() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let output = run(dir.path(), &["build", "-v"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    let stages = [
        "load",
        "normalise, resolve and model the specs",
        "outline guides and plan the site",
        "render pages and search index",
        "assets, sitemap and copies",
        "write",
    ];
    let mut peaks = Vec::new();
    for stage in stages {
        let line = err
            .lines()
            .find(|line| line.trim_end().ends_with(&format!("  {stage}")))
            .unwrap_or_else(|| panic!("no line for {stage:?} in:\n{err}"));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], "ms", "{line}");
        assert!(words[0].parse::<f64>().is_ok(), "{line}");
        if cfg!(target_os = "linux") {
            assert_eq!(&words[3..5], ["MiB", "peak"], "{line}");
            peaks.push(words[2].parse::<f64>().unwrap());
        }
    }
    // A peak so far never falls, and a build that parsed a spec holds more than a megabyte.
    assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{peaks:?}\n{err}");
    assert!(peaks.last().is_none_or(|&peak| peak > 1.0), "{peaks:?}");
    // The part of a stage that ran beside it has a time and no peak of its own.
    let part = err
        .lines()
        .find(|line| line.contains("of which search index"))
        .expect("the search index's part of rendering");
    assert!(!part.contains("MiB"), "{part}");
}
