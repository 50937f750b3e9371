const { User } = require('../models');

async function register(data) {
  return User.create(data); // vuln: mass
}

async function registerSafe(data) {
  const { email, name, password } = data;
  return User.create({ email, name, password }); // safe: mass
}

async function updateProfile(id, changes) {
  const user = await User.findByPk(id);
  Object.assign(user, changes); // vuln: mass
  return user.save();
}

async function updateProfileSafe(id, changes) {
  const user = await User.findByPk(id);
  return user.update(changes, { fields: ['name', 'bio', 'avatarUrl'] }); // safe: mass
}

module.exports = { register, registerSafe, updateProfile, updateProfileSafe };
